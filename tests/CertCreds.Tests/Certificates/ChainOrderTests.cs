using System.Text;
using CertCreds.Certificates;
using CertCreds.Errors;
using CertCreds.Testing;

namespace CertCreds.Tests.Certificates;

public sealed class ChainOrderTests : IDisposable
{
    private readonly TestIdentities pki = new();

    public void Dispose() => pki.Dispose();

    [Fact]
    public void A_ca_certificate_before_the_device_certificate_is_reported_as_the_wrong_order_not_a_key_mismatch()
    {
        var (certificate, key) = pki.Issue();
        var pem = TestIdentities.CertificatePem(pki.Ca) + TestIdentities.CertificatePem(certificate);
        var error = Assert.Throws<IdentityException>(() => IdentityParser.Parse(
            "cert.pem", Encoding.UTF8.GetBytes(pem), "key.pem", Encoding.UTF8.GetBytes(TestIdentities.TraditionalKeyPem(key)), () => null, DateTimeOffset.UtcNow));
        Assert.Contains("starts with a CA certificate", error.Message, StringComparison.Ordinal);
        Assert.Contains("put the device certificate first", error.Hint, StringComparison.Ordinal);
        Assert.DoesNotContain("does not belong", error.Message, StringComparison.Ordinal);
    }
}
