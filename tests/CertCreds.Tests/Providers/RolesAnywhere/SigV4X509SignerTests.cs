using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CertCreds.Errors;
using CertCreds.Protocol;
using CertCreds.Providers.RolesAnywhere;

namespace CertCreds.Tests.Providers.RolesAnywhere;

public sealed class SigV4X509SignerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static readonly KeyValuePair<string, string>[] Query =
    [
        new("trustAnchorArn", "arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"),
        new("profileArn", "arn:aws:rolesanywhere:eu-west-1:123456789012:profile/11111111-2222-3333-4444-555555555555"),
        new("roleArn", "arn:aws:iam::123456789012:role/device-role"),
    ];

    private static SigV4X509Request Request(string body = "{\"durationSeconds\":3600}") =>
        new("POST", "rolesanywhere.eu-west-1.amazonaws.com", "/sessions", Query, [new("Content-Type", "application/json")], Encoding.UTF8.GetBytes(body));

    /// <summary>Base64 of the DER, read off the PEM text itself (not through the code under test).</summary>
    private static string PemBody(string pem) =>
        string.Concat(pem.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal)));

    [Fact]
    public void Rsa_known_answer_gives_the_exact_canonical_request_string_to_sign_and_signature()
    {
        using var leaf = X509Certificate2.CreateFromPem(KnownAnswerMaterial.LeafPem, KnownAnswerMaterial.LeafKeyPem);
        using var ca = X509Certificate2.CreateFromPem(KnownAnswerMaterial.CaPem);

        var signed = SigV4X509Signer.Sign(Request(), "eu-west-1", leaf, [ca], Now);

        var expectedCanonical = string.Join(
            '\n',
            "POST",
            "/sessions",
            "profileArn=arn%3Aaws%3Arolesanywhere%3Aeu-west-1%3A123456789012%3Aprofile%2F11111111-2222-3333-4444-555555555555&roleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdevice-role&trustAnchorArn=arn%3Aaws%3Arolesanywhere%3Aeu-west-1%3A123456789012%3Atrust-anchor%2Faaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
            "content-type:application/json",
            "host:rolesanywhere.eu-west-1.amazonaws.com",
            "x-amz-date:20261203T120000Z",
            "x-amz-x509:" + PemBody(KnownAnswerMaterial.LeafPem),
            "x-amz-x509-chain:" + PemBody(KnownAnswerMaterial.CaPem),
            string.Empty,
            "content-type;host;x-amz-date;x-amz-x509;x-amz-x509-chain",
            "1a15f67f6619aa540b13e9a4c37d149fb2c9bdea25d82b73a3878826694dfe27");
        Assert.Equal(expectedCanonical, signed.CanonicalRequest);
        Assert.Equal(
            "AWS4-X509-RSA-SHA256\n20261203T120000Z\n20261203/eu-west-1/rolesanywhere/aws4_request\n2ec2299e1ea8c4ab3797cf73764756067db4c6462b8b531124946882d595b2f5",
            signed.StringToSign);
        Assert.Equal(
            "273ee1c7ef0b3bce3b16daf66a378b5a87635044f4ef1dc95feb9a780f99461110582b1b56f89f06b36d9b1baaa1da0f7e620b8397ff1de080beb20d448dc29dda62fac319e9098e665b1d02d41ae85a2aecc4df337f66aab8e7c6452afb942684b461f641c689e2f736dacbbf2cb1cceb80a6090fac57904805aeb8cae010b9167ad7e5fe443d7ca8988ad285f43315c74672214e54db0e092f912fbaf82f3031a45205c0d9fce72ab05100d33ed62302aab001d8b2aef0dc68e21ad3d30b68c9c599701b22f8e4cc8f5993da9df8e94d5d0eeb08927d0e8ab58ec9812cbdd70c6e4849c0ab67f1f325ff767b273428e4ecb9e1f7d67325fcc1db8e9b896767",
            signed.Signature);
        Assert.Equal(
            "AWS4-X509-RSA-SHA256 Credential=81985529216486895/20261203/eu-west-1/rolesanywhere/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-x509;x-amz-x509-chain, Signature=" + signed.Signature,
            signed.Authorization);
    }

    [Fact]
    public void The_headers_to_send_are_the_date_the_leaf_the_chain_and_the_authorization()
    {
        using var leaf = X509Certificate2.CreateFromPem(KnownAnswerMaterial.LeafPem, KnownAnswerMaterial.LeafKeyPem);
        using var ca = X509Certificate2.CreateFromPem(KnownAnswerMaterial.CaPem);

        var signed = SigV4X509Signer.Sign(Request(), "eu-west-1", leaf, [ca, ca], Now);

        Assert.Equal(["X-Amz-Date", "X-Amz-X509", "X-Amz-X509-Chain", "Authorization"], signed.Headers.Select(h => h.Key));
        Assert.Equal("20261203T120000Z", signed.Headers[0].Value);
        Assert.Equal(PemBody(KnownAnswerMaterial.LeafPem), signed.Headers[1].Value);
        // Comma-separated, no spaces, in the order given.
        Assert.Equal(PemBody(KnownAnswerMaterial.CaPem) + "," + PemBody(KnownAnswerMaterial.CaPem), signed.Headers[2].Value);
        Assert.Equal(signed.Authorization, signed.Headers[3].Value);
    }

    [Fact]
    public void Without_intermediates_the_chain_header_is_neither_sent_nor_signed()
    {
        using var leaf = X509Certificate2.CreateFromPem(KnownAnswerMaterial.LeafPem, KnownAnswerMaterial.LeafKeyPem);

        var signed = SigV4X509Signer.Sign(Request(), "eu-west-1", leaf, [], Now);

        Assert.DoesNotContain(signed.Headers, h => h.Key == RolesAnywhereProtocol.ChainHeader);
        Assert.Equal("content-type;host;x-amz-date;x-amz-x509", signed.SignedHeaders);
        Assert.DoesNotContain("x-amz-x509-chain", signed.CanonicalRequest, StringComparison.Ordinal);
        using var rsa = leaf.GetRSAPublicKey()!;
        Assert.True(rsa.VerifyData(Encoding.UTF8.GetBytes(signed.StringToSign), Convert.FromHexString(signed.Signature), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Theory]
    [InlineData("nistP256")]
    [InlineData("nistP384")]
    public void Ecdsa_signatures_are_der_sequences_that_verify_with_the_certificate_key(string curve)
    {
        var (withKey, ca) = QuickCertificates.Issue(ECCurve.CreateFromFriendlyName(curve));
        using var certificate = withKey;
        using var issuer = ca;

        var signed = SigV4X509Signer.Sign(Request(), "eu-west-1", withKey, [issuer], Now);

        Assert.Equal(RolesAnywhereProtocol.EcdsaAlgorithm, signed.Algorithm);
        Assert.StartsWith("AWS4-X509-ECDSA-SHA256\n20261203T120000Z\n", signed.StringToSign, StringComparison.Ordinal);
        var signature = Convert.FromHexString(signed.Signature);
        // DER: one SEQUENCE of two INTEGERs and nothing after it (P1363 would be a bare r||s of fixed length).
        var reader = new AsnReader(signature, AsnEncodingRules.DER);
        var sequence = reader.ReadSequence();
        Assert.True(sequence.ReadInteger() > 0);
        Assert.True(sequence.ReadInteger() > 0);
        Assert.False(sequence.HasData);
        Assert.False(reader.HasData);
        using var publicKey = certificate.GetECDsaPublicKey()!;
        // SHA-256 whatever the curve.
        Assert.True(publicKey.VerifyData(Encoding.UTF8.GetBytes(signed.StringToSign), signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        Assert.False(publicKey.VerifyData(Encoding.UTF8.GetBytes(signed.StringToSign + "x"), signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public void Each_second_gives_a_new_date_and_a_new_signature()
    {
        using var leaf = X509Certificate2.CreateFromPem(KnownAnswerMaterial.LeafPem, KnownAnswerMaterial.LeafKeyPem);

        var first = SigV4X509Signer.Sign(Request(), "eu-west-1", leaf, [], Now);
        var second = SigV4X509Signer.Sign(Request(), "eu-west-1", leaf, [], Now.AddSeconds(1));

        Assert.Equal("20261203T120001Z", second.AmzDate);
        Assert.NotEqual(first.Signature, second.Signature);
    }

    [Fact]
    public void The_scope_date_is_the_utc_date_of_the_request()
    {
        using var leaf = X509Certificate2.CreateFromPem(KnownAnswerMaterial.LeafPem, KnownAnswerMaterial.LeafKeyPem);

        // 23:30 at UTC-02:00 is 01:30 the next day in UTC.
        var signed = SigV4X509Signer.Sign(Request(), "us-gov-west-1", leaf, [], new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.FromHours(-2)));

        Assert.Equal("20270101T013000Z", signed.AmzDate);
        Assert.Equal("20270101/us-gov-west-1/rolesanywhere/aws4_request", signed.Scope);
    }

    [Fact]
    public void Query_names_and_values_are_rfc3986_encoded_and_sorted_by_name_then_value()
    {
        var query = SigV4X509Signer.CanonicalQuery([new("b", "x y"), new("a", "2"), new("a", "1"), new("c", "~-_.:/é")]);

        Assert.Equal("a=1&a=2&b=x%20y&c=~-_.%3A%2F%C3%A9", query);
    }

    [Fact]
    public void Header_values_are_trimmed_and_inner_runs_of_spaces_collapsed()
    {
        using var leaf = X509Certificate2.CreateFromPem(KnownAnswerMaterial.LeafPem, KnownAnswerMaterial.LeafKeyPem);
        var request = Request() with { Headers = [new("Content-Type", "  application/json"), new("X-Extra", " a   b  c ")] };

        var signed = SigV4X509Signer.Sign(request, "eu-west-1", leaf, [], Now);

        Assert.Contains("\ncontent-type:application/json\n", signed.CanonicalRequest, StringComparison.Ordinal);
        Assert.Contains("\nx-extra:a b c\n", signed.CanonicalRequest, StringComparison.Ordinal);
        Assert.EndsWith("\ncontent-type;host;x-amz-date;x-amz-x509;x-extra\n1a15f67f6619aa540b13e9a4c37d149fb2c9bdea25d82b73a3878826694dfe27", signed.CanonicalRequest, StringComparison.Ordinal);
    }

    [Fact]
    public void The_serial_number_is_the_decimal_value_of_the_der_integer()
    {
        // 0x00 0x80 0x01: the leading zero keeps the INTEGER positive; the value is 32769, not a negative number.
        var (leafWithSerial, ca) = QuickCertificates.Issue(ECCurve.NamedCurves.nistP256, [0x00, 0x80, 0x01]);
        using (leafWithSerial)
        using (ca)
        {
            Assert.Equal("32769", SigV4X509Signer.SerialNumber(leafWithSerial));
        }

        using var leaf = X509Certificate2.CreateFromPem(KnownAnswerMaterial.LeafPem);
        Assert.Equal("81985529216486895", SigV4X509Signer.SerialNumber(leaf));
    }

    [Fact]
    public void A_certificate_without_its_private_key_is_an_identity_error()
    {
        using var leaf = X509Certificate2.CreateFromPem(KnownAnswerMaterial.LeafPem);

        var e = Assert.Throws<IdentityException>(() => SigV4X509Signer.Sign(Request(), "eu-west-1", leaf, [], Now));

        Assert.Equal(ExitCodes.Identity, e.ExitCode);
        Assert.Contains("private key", e.Message, StringComparison.Ordinal);
    }
}
