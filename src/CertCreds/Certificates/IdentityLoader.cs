using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CertCreds.Errors;
using CertCreds.Keys;
using CertCreds.Keys.Hardware;
using CertCreds.Platform;

namespace CertCreds.Certificates;

/// <summary>
/// Loads the device identity through the <see cref="IKeySource"/> the <c>--private-key</c> value's form picks, then
/// adds the <c>--intermediates</c> bundle (whatever the key source); all local checks happen before any connection.
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
        var identity = source.Load(options, new KeyLoadContext(files, clock, passwordFromEnvironment) { GetEnvironmentVariable = GetEnvironmentVariable, PinPrompt = PinPrompt });
        if (options.IntermediatesPath is null)
        {
            return identity;
        }

        try
        {
            AddIntermediates(identity, options.IntermediatesPath);
            return identity;
        }
        catch
        {
            identity.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Appends the bundle's certificates after those that followed the leaf in the certificate file, leaving out
    /// the leaf itself and duplicates (a bundle often repeats what the certificate file already carries).
    /// </summary>
    private void AddIntermediates(DeviceIdentity identity, string path)
    {
        var bytes = files.Read(path, "intermediates bundle", "--intermediates");
        var text = Encoding.UTF8.GetString(bytes);
        if (!text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            throw new IdentityException($"the intermediates bundle {path} holds no PEM certificate", "pass --intermediates a PEM file of the CA certificates between the device certificate and the trust anchor (BEGIN CERTIFICATE blocks)");
        }

        var bundle = new X509Certificate2Collection();
        try
        {
            bundle.ImportFromPem(text);
        }
        catch (CryptographicException e)
        {
            throw new IdentityException($"the intermediates bundle {path} holds a certificate that cannot be read", "the PEM text is damaged; export the intermediate CA certificates again", e);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal) { identity.Certificate.Thumbprint };
        foreach (var present in identity.Intermediates)
        {
            seen.Add(present.Thumbprint);
        }

        foreach (var certificate in bundle)
        {
            if (seen.Add(certificate.Thumbprint))
            {
                identity.Intermediates.Add(certificate);
            }
            else
            {
                certificate.Dispose();
            }
        }
    }
}
