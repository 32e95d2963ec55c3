using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CertCreds.Emulator.Pki;

/// <summary>
/// Throwaway certificate authorities and the certificates they issue. Validity is computed from the
/// wall clock on purpose: TLS peers check certificates against their real clock, not the emulator's
/// injected one, so a wide window (a day back, ten years ahead) keeps fake clocks in range too.
/// </summary>
internal static class EmulatorPki
{
    public static X509Certificate2 CreateRootCa(string commonName)
    {
        using var key = RSA.Create(2048);
        var name = new X500DistinguishedNameBuilder();
        name.AddOrganizationName("certcreds emulator");
        name.AddCommonName(commonName);
        var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
    }

    public static X509Certificate2 IssueServerCertificate(X509Certificate2 ca, string hostName)
    {
        ArgumentNullException.ThrowIfNull(ca);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(hostName);
        var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(hostName);
        if (!string.Equals(hostName, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            names.AddDnsName("localhost");
        }

        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var issued = SignWithCa(request, ca);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>A CA certificate (RSA 2048) issued by <paramref name="issuer"/>: the intermediate of a Roles Anywhere chain.</summary>
    public static X509Certificate2 CreateIntermediateCa(X509Certificate2 issuer, string commonName)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        using var key = RSA.Create(2048);
        var name = new X500DistinguishedNameBuilder();
        name.AddOrganizationName("certcreds emulator");
        name.AddCommonName(commonName);
        var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        using var issued = SignWithCa(request, issuer);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>
    /// A device certificate issued by <paramref name="ca"/>; by default named like the IoT console's
    /// ("CN=AWS IoT Certificate"), Roles Anywhere devices pass their own subject.
    /// </summary>
    public static X509Certificate2 IssueDeviceCertificate(X509Certificate2 ca, DeviceKeyType keyType, string subjectName = "CN=AWS IoT Certificate")
    {
        ArgumentNullException.ThrowIfNull(ca);
        var subject = new X500DistinguishedName(subjectName);
        if (keyType == DeviceKeyType.EcdsaP256)
        {
            using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var ecIssued = Sign(new CertificateRequest(subject, ec, HashAlgorithmName.SHA256), ca);
            return ecIssued.CopyWithPrivateKey(ec);
        }

        using var rsa = RSA.Create(2048);
        using var rsaIssued = Sign(new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), ca);
        return rsaIssued.CopyWithPrivateKey(rsa);
    }

    /// <summary>PEM of the private key in the format the IoT console uses: PKCS#1 for RSA, SEC1 for EC.</summary>
    public static string ExportDeviceKeyPem(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var rsa = certificate.GetRSAPrivateKey();
        if (rsa is not null)
        {
            return rsa.ExportRSAPrivateKeyPem();
        }

        using var ec = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("The certificate has no private key.");
        return ec.ExportECPrivateKeyPem();
    }

    /// <summary>PKCS#8 PEM, for the emulator's own CA and server keys.</summary>
    public static string ExportPkcs8Pem(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var key = (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() ?? certificate.GetECDsaPrivateKey()
            ?? throw new InvalidOperationException("The certificate has no private key.");
        return key.ExportPkcs8PrivateKeyPem();
    }

    private static X509Certificate2 Sign(CertificateRequest request, X509Certificate2 ca)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        return SignWithCa(request, ca);
    }

    // The CAs are RSA and some leaves are EC, so the signature generator must come from the CA's own key.
    private static X509Certificate2 SignWithCa(CertificateRequest request, X509Certificate2 ca)
    {
        using var caKey = ca.GetRSAPrivateKey() ?? throw new InvalidOperationException("The CA certificate has no RSA private key.");
        var generator = X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1);
        return request.Create(ca.SubjectName, generator, ca.NotBefore.AddMinutes(1), ca.NotAfter.AddDays(-1), NewSerial());
    }

    private static byte[] NewSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        return serial;
    }
}
