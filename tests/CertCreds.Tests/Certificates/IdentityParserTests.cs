using System.Security.Cryptography;
using System.Text;
using CertCreds.Certificates;
using CertCreds.Errors;
using CertCreds.Testing;

namespace CertCreds.Tests.Certificates;

public sealed class IdentityParserTests : IDisposable
{
    // Pooled keys: generating the RSA-3072/4096 keys of the theories took most of a minute.
    private readonly TestIdentities pki = new(pooledKeys: true);
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    public void Dispose() => pki.Dispose();

    private static DeviceIdentity Parse(string certificatePem, string? keyPem, string? password = null, DateTimeOffset? now = null) =>
        IdentityParser.Parse("cert.pem", Encoding.UTF8.GetBytes(certificatePem), keyPem is null ? null : "key.pem", keyPem is null ? default : Encoding.UTF8.GetBytes(keyPem), () => password, now ?? Now);

    public static TheoryData<TestKeyKind> AllKinds => new() { TestKeyKind.Rsa2048, TestKeyKind.Rsa3072, TestKeyKind.Rsa4096, TestKeyKind.EcP256, TestKeyKind.EcP384 };

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Traditional_pem_keys_load_for_every_supported_key_type(TestKeyKind kind)
    {
        var (certificate, key) = pki.Issue(kind);
        using var identity = Parse(TestIdentities.CertificatePem(certificate), TestIdentities.TraditionalKeyPem(key));
        Assert.True(identity.Certificate.HasPrivateKey);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(certificate.RawData)), identity.CertificateId);
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Pkcs8_keys_load_for_every_supported_key_type(TestKeyKind kind)
    {
        var (certificate, key) = pki.Issue(kind);
        using var identity = Parse(TestIdentities.CertificatePem(certificate), TestIdentities.Pkcs8Pem(key));
        Assert.True(identity.Certificate.HasPrivateKey);
    }

    [Theory]
    [InlineData(TestKeyKind.Rsa2048)]
    [InlineData(TestKeyKind.EcP256)]
    public void Encrypted_pkcs8_keys_load_with_the_right_password(TestKeyKind kind)
    {
        var (certificate, key) = pki.Issue(kind);
        using var identity = Parse(TestIdentities.CertificatePem(certificate), TestIdentities.EncryptedPkcs8Pem(key, "correct horse"), "correct horse");
        Assert.True(identity.Certificate.HasPrivateKey);
    }

    [Fact]
    public void Encrypted_key_with_a_wrong_password_is_an_identity_error_that_does_not_show_the_password()
    {
        var (certificate, key) = pki.Issue();
        var e = Assert.Throws<IdentityException>(() => Parse(TestIdentities.CertificatePem(certificate), TestIdentities.EncryptedPkcs8Pem(key, "correct horse"), "wrong-battery-staple"));
        Assert.Contains("wrong password", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-battery-staple", e.Message + e.Hint, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Identity, e.ExitCode);
    }

    [Theory]
    [InlineData(TestKeyKind.Rsa2048)]
    [InlineData(TestKeyKind.EcP256)]
    public void Pem_files_saved_with_a_utf8_byte_order_mark_load(TestKeyKind kind)
    {
        var (certificate, key) = pki.Issue(kind);
        using var identity = Parse("\uFEFF" + TestIdentities.CertificatePem(certificate), "\uFEFF" + TestIdentities.Pkcs8Pem(key));
        Assert.True(identity.Certificate.HasPrivateKey);
        Assert.Equal(certificate.Thumbprint, identity.Certificate.Thumbprint);
    }

    [Fact]
    public void Encrypted_key_without_a_password_says_how_to_give_one()
    {
        var (certificate, key) = pki.Issue();
        var e = Assert.Throws<IdentityException>(() => Parse(TestIdentities.CertificatePem(certificate), TestIdentities.EncryptedPkcs8Pem(key, "pw"), null));
        Assert.Contains("no password", e.Message, StringComparison.Ordinal);
        Assert.Contains("--private-key-password-file", e.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TestKeyKind.Rsa2048)]
    [InlineData(TestKeyKind.EcP256)]
    public void A_key_from_another_certificate_is_refused_before_any_network_call(TestKeyKind kind)
    {
        var (certificate, _) = pki.Issue(kind);
        var (_, otherKey) = pki.Issue(kind);
        var e = Assert.Throws<IdentityException>(() => Parse(TestIdentities.CertificatePem(certificate), TestIdentities.TraditionalKeyPem(otherKey)));
        Assert.Contains("does not belong to the certificate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ec_key_for_an_rsa_certificate_is_refused()
    {
        var (certificate, _) = pki.Issue(TestKeyKind.Rsa2048);
        var (_, ecKey) = pki.Issue(TestKeyKind.EcP256);
        Assert.Throws<IdentityException>(() => Parse(TestIdentities.CertificatePem(certificate), TestIdentities.Pkcs8Pem(ecKey)));
    }

    [Fact]
    public void Expired_certificate_is_rejected_with_its_expiry_and_a_clock_hint()
    {
        var (certificate, key) = pki.Issue(notBefore: Now.AddDays(-10), notAfter: Now.AddDays(-1));
        var e = Assert.Throws<IdentityException>(() => Parse(TestIdentities.CertificatePem(certificate), TestIdentities.TraditionalKeyPem(key)));
        Assert.Contains("expired at", e.Message, StringComparison.Ordinal);
        Assert.Contains("clock", e.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_yet_valid_certificate_is_rejected_with_a_clock_hint()
    {
        var (certificate, key) = pki.Issue(notBefore: Now.AddDays(1), notAfter: Now.AddDays(10));
        var e = Assert.Throws<IdentityException>(() => Parse(TestIdentities.CertificatePem(certificate), TestIdentities.TraditionalKeyPem(key)));
        Assert.Contains("not valid until", e.Message, StringComparison.Ordinal);
        Assert.Contains("clock", e.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Validity_is_judged_by_the_given_clock_not_the_machine_clock()
    {
        var (certificate, key) = pki.Issue(notBefore: Now.AddDays(-1), notAfter: Now.AddDays(1));
        Assert.Throws<IdentityException>(() => Parse(TestIdentities.CertificatePem(certificate), TestIdentities.TraditionalKeyPem(key), now: Now.AddDays(2)));
    }

    [Fact]
    public void Intermediates_after_the_leaf_are_kept_for_the_handshake()
    {
        var (certificate, key) = pki.Issue();
        using var identity = Parse(TestIdentities.CertificatePem(certificate) + TestIdentities.CertificatePem(pki.Ca), TestIdentities.TraditionalKeyPem(key));
        Assert.Equal(certificate.Thumbprint, identity.Certificate.Thumbprint);
        Assert.Single(identity.Intermediates);
        Assert.Equal(pki.Ca.Thumbprint, identity.Intermediates[0].Thumbprint);
    }

    [Fact]
    public void Ec_key_with_an_ec_parameters_block_before_it_loads()
    {
        var (certificate, key) = pki.Issue(TestKeyKind.EcP256);
        var pem = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n" + TestIdentities.TraditionalKeyPem(key);
        using var identity = Parse(TestIdentities.CertificatePem(certificate), pem);
        Assert.True(identity.Certificate.HasPrivateKey);
    }

    [Fact]
    public void Der_certificate_with_pem_key_loads()
    {
        var (certificate, key) = pki.Issue();
        using var identity = IdentityParser.Parse("cert.der", certificate.RawData, "key.pem", Encoding.UTF8.GetBytes(TestIdentities.TraditionalKeyPem(key)), () => null, Now);
        Assert.True(identity.Certificate.HasPrivateKey);
    }

    [Fact]
    public void Pkcs12_with_password_loads_without_a_key_file()
    {
        var (certificate, key) = pki.Issue();
        var p12 = TestIdentities.Pkcs12(certificate, key, "p12-pass", pki.Ca);
        using var identity = IdentityParser.Parse("device.p12", p12, null, default, () => "p12-pass", Now);
        Assert.True(identity.Certificate.HasPrivateKey);
        Assert.Equal(certificate.Thumbprint, identity.Certificate.Thumbprint);
        Assert.Single(identity.Intermediates);
    }

    [Fact]
    public void Pkcs12_with_a_wrong_password_is_an_identity_error()
    {
        var (certificate, key) = pki.Issue();
        var p12 = TestIdentities.Pkcs12(certificate, key, "p12-pass");
        var e = Assert.Throws<IdentityException>(() => IdentityParser.Parse("device.p12", p12, null, default, () => "nope-nope", Now));
        Assert.Contains("wrong password", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("nope-nope", e.Message + e.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Pem_certificate_without_a_key_option_is_a_usage_error()
    {
        var (certificate, _) = pki.Issue();
        var e = Assert.Throws<UsageException>(() => Parse(TestIdentities.CertificatePem(certificate), null));
        Assert.Contains("--private-key", e.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello, this is not a certificate")]
    [InlineData("-----BEGIN CERTIFICATE-----\nnot base64 at all!!\n-----END CERTIFICATE-----\n")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")]
    public void Garbage_certificate_files_are_identity_errors(string text)
    {
        var (_, key) = pki.Issue();
        Assert.Throws<IdentityException>(() => Parse(text, TestIdentities.TraditionalKeyPem(key)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("just text")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\n!!!!\n-----END RSA PRIVATE KEY-----\n")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")]
    public void Garbage_key_files_are_identity_errors(string text)
    {
        var (certificate, _) = pki.Issue();
        Assert.Throws<IdentityException>(() => Parse(TestIdentities.CertificatePem(certificate), text));
    }

    [Fact]
    public void Legacy_openssl_encrypted_pem_gets_a_conversion_hint()
    {
        var (certificate, _) = pki.Issue();
        var pem = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00000000000000000000000000000000\n\nAAAA\n-----END RSA PRIVATE KEY-----\n";
        var e = Assert.Throws<IdentityException>(() => Parse(TestIdentities.CertificatePem(certificate), pem));
        Assert.Contains("openssl pkcs8", e.Hint, StringComparison.Ordinal);
    }
}
