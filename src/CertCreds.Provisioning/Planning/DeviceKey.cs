using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertCreds.Errors;

namespace CertCreds.Provisioning.Planning;

/// <summary>
/// A key made on this machine for CreateCertificateFromCsr: only the CSR (public key and subject) goes to AWS,
/// the private key never leaves the device. RSA 2048, as the IoT console's keys are.
/// </summary>
internal sealed class DeviceKey : IDisposable
{
    private readonly RSA key = RSA.Create(2048);

    public string CreateCsr(string thingName)
    {
        var request = new CertificateRequest(new X500DistinguishedName("CN=" + thingName.Replace(",", "\\,", StringComparison.Ordinal)), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSigningRequestPem();
    }

    /// <summary>PKCS#8 PEM; goes only into the 0600 key file.</summary>
    public string PrivateKeyPem() => key.ExportPkcs8PrivateKeyPem();

    /// <summary>Refuses a certificate that is not for this key: a device must never be handed a certificate it cannot use.</summary>
    public void CheckMatches(string certificatePem)
    {
        using var certificate = X509Certificate2.CreateFromPem(certificatePem);
        using var issued = certificate.GetRSAPublicKey();
        if (issued is null || !issued.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
        {
            throw new InvalidResponseException(
                $"IoT CreateCertificateFromCsr returned certificate {DeviceFiles.CertificateId(certificate)} for another public key than the CSR's",
                "deprovision that certificate; if the IoT endpoint is an emulator (moto signs a key of its own), use --create-keys-and-certificate");
        }
    }

    public void Dispose() => key.Dispose();

    public override string ToString() => "DeviceKey { *** }";
}
