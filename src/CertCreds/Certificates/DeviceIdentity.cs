using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CertCreds.Certificates;

/// <summary>
/// A device certificate with its private key, plus any intermediates that must be sent with it.
/// Owns the certificates: dispose it when the call is done.
/// </summary>
public sealed class DeviceIdentity : IDisposable
{
    public DeviceIdentity(X509Certificate2 certificate, X509Certificate2Collection intermediates)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Certificate = certificate;
        Intermediates = intermediates;
        CertificateId = ComputeCertificateId(certificate);
    }

    /// <summary>The leaf certificate, with its private key attached.</summary>
    public X509Certificate2 Certificate { get; }

    public X509Certificate2Collection Intermediates { get; }

    /// <summary>AWS IoT's certificate ID: lower-case hex SHA-256 of the DER certificate.</summary>
    public string CertificateId { get; }

    public static string ComputeCertificateId(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
    }

    public void Dispose()
    {
        Certificate.Dispose();
        foreach (var intermediate in Intermediates)
        {
            intermediate.Dispose();
        }
    }

    public override string ToString() => $"DeviceIdentity {{ Subject = {Certificate.Subject}, CertificateId = {CertificateId} }}";
}
