using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CertCreds.Tests.Providers.RolesAnywhere;

/// <summary>
/// EC certificates for these tests, made at run time in milliseconds (an RSA key takes seconds on a busy machine):
/// a self-signed "CA" and a leaf it issues, with the private key attached to the leaf.
/// </summary>
internal static class QuickCertificates
{
    public static (X509Certificate2 Leaf, X509Certificate2 Ca) Issue(ECCurve curve, byte[]? serial = null)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=quick test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var now = DateTimeOffset.UtcNow;
        var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));

        using var key = ECDsa.Create(curve);
        var request = new CertificateRequest("CN=quick test device", key, HashAlgorithmName.SHA256);
        using var issued = request.Create(ca, now.AddHours(-1), now.AddDays(30), serial ?? [0x01, 0x02, 0x03, 0x04]);
        return (issued.CopyWithPrivateKey(key), ca);
    }
}
