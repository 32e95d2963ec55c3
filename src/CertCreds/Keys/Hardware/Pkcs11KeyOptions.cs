namespace CertCreds.Keys.Hardware;

/// <summary>How to open a key named by a PKCS#11 URI.</summary>
/// <param name="ModulePath">--pkcs11-module (alias --pkcs11-lib); null: the URI's module-path, else the p11-kit proxy.</param>
/// <param name="CertificatePath">--certificate; null: the certificate is looked up in the token.</param>
/// <param name="PasswordFile">--private-key-password-file: holds the PIN (one trailing newline ignored).</param>
/// <param name="Route">Provider, engine, or the provider when installed.</param>
internal sealed record Pkcs11KeyOptions(
    string? ModulePath = null,
    string? CertificatePath = null,
    string? PasswordFile = null,
    Pkcs11Route Route = Pkcs11Route.Auto);
