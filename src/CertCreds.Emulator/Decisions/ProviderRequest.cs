using System.Security.Cryptography;

namespace CertCreds.Emulator.Decisions;

/// <summary>What the decision needs from one request: TLS facts (client certificate, SNI) and HTTP facts.</summary>
public sealed record ProviderRequest(
    byte[]? ClientCertificateDer,
    string? Sni,
    string? Host,
    string Method,
    string Path,
    string? ThingName)
{
    /// <summary>AWS IoT's certificate ID (lower-case hex SHA-256 of the DER), or null without a certificate.</summary>
    public string? CertificateId => ClientCertificateDer is null ? null : Convert.ToHexStringLower(SHA256.HashData(ClientCertificateDer));
}
