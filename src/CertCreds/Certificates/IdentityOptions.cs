namespace CertCreds.Certificates;

/// <summary>Where the device identity comes from, as the user gave it (paths may be relative).</summary>
/// <param name="CertificatePath">PEM/DER certificate, or a PKCS#12 file when <paramref name="PrivateKeyPath"/> is null. Null only with a token key whose token holds the certificate.</param>
/// <param name="PrivateKeyPath">PEM private key file, a <c>pkcs11:</c> URI, or a TPM <c>handle:0x81…</c>.</param>
/// <param name="PasswordFile">File holding the key or PKCS#12 password, or the token PIN (one trailing newline is ignored).</param>
public sealed record IdentityOptions(string? CertificatePath, string? PrivateKeyPath, string? PasswordFile)
{
    /// <summary>--pkcs11-module: the PKCS#11 library of the token; null: the URI's module-path, else p11-kit's proxy.</summary>
    public string? Pkcs11Module { get; init; }

    /// <summary>
    /// <c>--intermediates</c>: a PEM bundle of intermediate CA certificates sent with the leaf (X-Amz-X509-Chain for
    /// Roles Anywhere, the TLS chain for IoT), after any that follow the leaf in the certificate file itself.
    /// </summary>
    public string? IntermediatesPath { get; init; }
}
