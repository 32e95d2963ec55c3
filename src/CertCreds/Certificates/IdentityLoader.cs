using CertCreds.Keys;
using CertCreds.Keys.Hardware;
using CertCreds.Platform;

namespace CertCreds.Certificates;

/// <summary>
/// Loads the device identity through the <see cref="IKeySource"/> the <c>--private-key</c> value's form picks;
/// all local checks happen before any connection.
/// </summary>
public sealed class IdentityLoader(FileReader files, TimeProvider clock, Func<string?> passwordFromEnvironment, IReadOnlyList<IKeySource>? keySources = null)
{
    /// <summary>Where a token PIN may come from (CERTCREDS_PKCS11_PIN); none by default.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = _ => null;

    /// <summary>Asks a person for a token PIN; null when nobody can answer.</summary>
    public IPinPrompt? PinPrompt { get; init; }

    public DeviceIdentity Load(IdentityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var source = KeySources.For(keySources ?? KeySources.Default, options.PrivateKeyPath);
        return source.Load(options, new KeyLoadContext(files, clock, passwordFromEnvironment) { GetEnvironmentVariable = GetEnvironmentVariable, PinPrompt = PinPrompt });
    }
}
