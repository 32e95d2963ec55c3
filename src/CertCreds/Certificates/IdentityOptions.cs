namespace CertCreds.Certificates;

/// <summary>Where the device identity comes from, as the user gave it (paths may be relative).</summary>
/// <param name="CertificatePath">PEM/DER certificate, or a PKCS#12 file when <paramref name="PrivateKeyPath"/> is null.</param>
/// <param name="PrivateKeyPath">PEM private key.</param>
/// <param name="PasswordFile">File holding the key or PKCS#12 password (one trailing newline is ignored).</param>
public sealed record IdentityOptions(string CertificatePath, string? PrivateKeyPath, string? PasswordFile)
{
    /// <summary>
    /// <c>--intermediates</c>: a PEM bundle of intermediate CA certificates sent with the leaf (X-Amz-X509-Chain for
    /// Roles Anywhere, the TLS chain for IoT), after any that follow the leaf in the certificate file itself.
    /// </summary>
    public string? IntermediatesPath { get; init; }
}
