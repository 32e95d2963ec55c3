using CertCreds.Emulator.RolesAnywhere;

namespace CertCreds.Tests.Emulator;

public sealed class SigV4X509VerifierTests
{
    [Fact]
    public void The_canonical_query_decodes_then_encodes_per_rfc_3986_and_sorts_by_name()
    {
        var query = "trustAnchorArn=arn%3Aaws%3Arolesanywhere%3Aus-east-1%3A1%3Atrust-anchor%2Fa&roleArn=arn:aws:iam::1:role/r&profileArn=p%20q+r";

        var canonical = SigV4X509Verifier.CanonicalQuery(query);

        Assert.Equal(
            "profileArn=p%20q%2Br&roleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr&trustAnchorArn=arn%3Aaws%3Arolesanywhere%3Aus-east-1%3A1%3Atrust-anchor%2Fa",
            canonical);
    }

    [Fact]
    public void Repeated_query_names_sort_by_value_and_a_bare_name_gets_an_empty_value()
    {
        Assert.Equal("a=1&a=2&b=", SigV4X509Verifier.CanonicalQuery("b&a=2&a=1"));
    }

    [Theory]
    [InlineData("/sessions", "/sessions")]
    [InlineData("", "/")]
    [InlineData("/a%20b/c", "/a%2520b/c")]
    public void The_canonical_path_is_encoded_twice_as_sigv4_does_for_every_service_but_s3(string raw, string expected)
    {
        Assert.Equal(expected, SigV4X509Verifier.CanonicalUri(raw));
    }

    [Fact]
    public void The_canonical_request_joins_repeated_headers_and_collapses_spaces_and_hashes_the_body()
    {
        var request = new SessionRequest("POST", "/sessions", "b=2&a=1", [new("Host", "localhost:1"), new("X-Amz-Date", "20261203T120000Z"), new("X-Custom", "  one   two "), new("x-custom", "three")], "{}"u8.ToArray());

        var canonical = SigV4X509Verifier.CanonicalRequest(request, ["host", "x-amz-date", "x-custom"]);

        Assert.Equal(
            "POST\n/sessions\na=1&b=2\nhost:localhost:1\nx-amz-date:20261203T120000Z\nx-custom:one two,three\n\nhost;x-amz-date;x-custom\n" +
            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
            canonical);
    }

    [Fact]
    public void A_signed_header_missing_from_the_request_leaves_no_canonical_request()
    {
        var request = new SessionRequest("POST", "/sessions", "", [new("Host", "localhost:1")], []);

        Assert.Null(SigV4X509Verifier.CanonicalRequest(request, ["host", "x-amz-date"]));
    }
}
