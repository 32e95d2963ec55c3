using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CertCreds.Testing.Emulator;

/// <summary>Device certificates made at run time (never committed).</summary>
public static class TestDevices
{
    /// <summary>A self-signed P-256 client certificate with its key; fast to make.</summary>
    public static X509Certificate2 CreateDevice(string commonName = "test device")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        // Round-trip through PKCS#12 so the key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    public static string CertificateId(X509Certificate2 certificate) => Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
}
