using CertCreds.Keys.Hardware;
using CertCreds.Platform;

namespace CertCreds.Keys;

/// <summary>What a key source may use while loading: files (relative to the working directory), the clock, the password.</summary>
/// <param name="Files">Bounded, checked reads of the user's files.</param>
/// <param name="Clock">For the certificate's validity dates.</param>
/// <param name="Password">The key's password when no file gave it (environment, or a prompt when one is allowed); null: none.</param>
public sealed record KeyLoadContext(FileReader Files, TimeProvider Clock, Func<string?> Password)
{
    /// <summary>The environment a token's PIN may come from (CERTCREDS_PKCS11_PIN).</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = _ => null;

    /// <summary>Asks a person for a token PIN; null (the default) when nobody can answer: a missing PIN then fails at once.</summary>
    public IPinPrompt? PinPrompt { get; init; }
}
