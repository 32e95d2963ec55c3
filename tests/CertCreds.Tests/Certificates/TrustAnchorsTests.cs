using CertCreds.Certificates;
using CertCreds.Errors;
using CertCreds.Platform;
using CertCreds.Testing;

namespace CertCreds.Tests.Certificates;

public sealed class TrustAnchorsTests
{
    [Fact]
    public void Embedded_anchors_are_the_amazon_trust_services_roots()
    {
        var anchors = TrustAnchors.Embedded();
        var subjects = anchors.Certificates.Select(c => c.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false)).ToHashSet();
        Assert.Contains("Amazon Root CA 1", subjects);
        Assert.Contains("Amazon Root CA 3", subjects);
        Assert.Contains("Starfield Services Root Certificate Authority - G2", subjects);
        Assert.True(anchors.IsEmbedded);
    }

    [Fact]
    public void A_ca_file_without_certificates_is_a_usage_error()
    {
        using var pki = new TestIdentities();
        var path = pki.Write("empty.pem", "nothing here\n");
        Assert.Throws<UsageException>(() => TrustAnchors.FromFile(new FileReader(pki.Folder), path));
    }

    [Fact]
    public void A_ca_file_is_read_relative_to_the_working_directory()
    {
        using var pki = new TestIdentities();
        pki.Write("ca.pem", TestIdentities.CertificatePem(pki.Ca));
        var anchors = TrustAnchors.FromFile(new FileReader(pki.Folder), "ca.pem");
        Assert.Equal(pki.Ca.Thumbprint, Assert.Single(anchors.Certificates).Thumbprint);
    }

    [Fact]
    public void A_ca_file_saved_with_a_utf8_byte_order_mark_is_read()
    {
        using var pki = new TestIdentities();
        pki.Write("ca.pem", "\uFEFF" + TestIdentities.CertificatePem(pki.Ca));
        var anchors = TrustAnchors.FromFile(new FileReader(pki.Folder), "ca.pem");
        Assert.Equal(pki.Ca.Thumbprint, Assert.Single(anchors.Certificates).Thumbprint);
    }

    [Fact]
    public void A_missing_relative_file_names_the_directory_it_was_resolved_against()
    {
        using var pki = new TestIdentities();
        var e = Assert.Throws<IdentityException>(() => new FileReader(pki.Folder).Read("certificate.pem.crt", "certificate", "--certificate"));
        Assert.Contains(pki.Folder, e.Message, StringComparison.Ordinal);
        Assert.Contains("absolute path", e.Hint, StringComparison.Ordinal);
    }
}
