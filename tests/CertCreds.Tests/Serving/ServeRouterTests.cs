using System.Net;
using System.Text;
using System.Text.Json;
using CertCreds.Credentials;
using CertCreds.Serving;
using Microsoft.Extensions.Time.Testing;

namespace CertCreds.Tests.Serving;

public sealed class ServeRouterTests
{
    private const string Token = "container-token-123";
    private const string Role = "alias-for-roles-anywhere";
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero));
    private readonly ServeState state = new();
    private readonly ServeRouter router;

    public ServeRouterTests()
    {
        router = new ServeRouter(Token, Role, state, new ImdsTokenStore(clock), clock);
        state.Succeeded(ServedCredentials.Create(new TemporaryCredentials("ASIAEXAMPLE", "secret+/=", "token+/=", clock.GetUtcNow().AddHours(1)), clock.GetUtcNow()));
    }

    private static readonly IPEndPoint Local = new(IPAddress.Loopback, 4321);

    /// <summary>A well-formed request from the owner's process on this machine, as Kestrel would pass it on.</summary>
    private static ServeRequest Owner(ServeRequest request) => request with { Host = "127.0.0.1:4321", Local = Local, Peer = () => PeerUser.Owner };

    private ServeResponse Handle(ServeRequest request) => router.Handle(Owner(request));

    private static ServeRequest Get(string path, string? authorization = null, string? imdsToken = null) => new("GET", path, authorization, imdsToken, null, false);

    private static JsonElement Json(ServeResponse response)
    {
        Assert.Equal(ServeResponse.Json, response.ContentType);
        using var document = JsonDocument.Parse(response.Body);
        return document.RootElement.Clone();
    }

    private static string Text(ServeResponse response) => Encoding.UTF8.GetString(response.Body.Span);

    private string ImdsToken(int ttl = 60)
    {
        var response = Handle(new ServeRequest("PUT", ServeProtocol.ImdsTokenPath, null, null, ttl.ToString(System.Globalization.CultureInfo.InvariantCulture), false));
        Assert.Equal(200, response.Status);
        return Text(response);
    }

    [Fact]
    public void Container_endpoint_with_the_exact_token_answers_the_credentials_document()
    {
        var response = Handle(Get(ServeProtocol.ContainerPath, Token));
        Assert.Equal(200, response.Status);
        var body = Json(response);
        Assert.Equal("ASIAEXAMPLE", body.GetProperty("AccessKeyId").GetString());
        Assert.Equal("secret+/=", body.GetProperty("SecretAccessKey").GetString());
        Assert.Equal("token+/=", body.GetProperty("Token").GetString());
        Assert.Equal("2026-11-29T01:00:00Z", body.GetProperty("Expiration").GetString());
        Assert.Contains("\"secret+/=\"", Text(response), StringComparison.Ordinal);
    }

    [Fact]
    public void Container_endpoint_without_a_token_is_401_and_with_a_wrong_one_403_both_json()
    {
        var missing = Handle(Get(ServeProtocol.ContainerPath));
        Assert.Equal(401, missing.Status);
        Assert.Equal("Unauthorized", Json(missing).GetProperty("Code").GetString());
        foreach (var wrong in (string[])["Bearer " + Token, Token + "x", Token[..^1], "x"])
        {
            var response = Handle(Get(ServeProtocol.ContainerPath, wrong));
            Assert.Equal(403, response.Status);
            Assert.DoesNotContain("ASIAEXAMPLE", Text(response), StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(Json(response).GetProperty("Message").GetString()));
        }
    }

    [Fact]
    public void Expired_credentials_are_never_served_the_answer_is_503_with_the_last_failure()
    {
        state.Failed("the endpoint answered 503");
        clock.Advance(TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(51));
        var response = Handle(Get(ServeProtocol.ContainerPath, Token));
        Assert.Equal(503, response.Status);
        Assert.Equal("CredentialsUnavailable", Json(response).GetProperty("Code").GetString());
        Assert.Contains("the endpoint answered 503", Text(response), StringComparison.Ordinal);
        Assert.DoesNotContain("ASIAEXAMPLE", Text(response), StringComparison.Ordinal);

        var token = ImdsToken();
        Assert.Equal(503, Handle(Get(ServeProtocol.ImdsCredentialsPath + "/" + Role, imdsToken: token)).Status);
    }

    [Fact]
    public void Before_the_first_credentials_arrive_both_endpoints_answer_503()
    {
        var empty = new ServeRouter(Token, Role, new ServeState(), new ImdsTokenStore(clock), clock);
        Assert.Equal(503, empty.Handle(Owner(Get(ServeProtocol.ContainerPath, Token))).Status);
    }

    [Fact]
    public void Imds_token_put_echoes_the_ttl_header_and_the_token_unlocks_role_listing_and_credentials()
    {
        var put = Handle(new ServeRequest("PUT", ServeProtocol.ImdsTokenPath, null, null, "21600", false));
        Assert.Equal(200, put.Status);
        Assert.Equal("21600", put.TokenTtl);
        Assert.Equal(ServeResponse.Text, put.ContentType);
        var token = Text(put);
        Assert.True(token.Length >= 40);

        foreach (var path in (string[])[ServeProtocol.ImdsCredentialsPath, ServeProtocol.ImdsCredentialsPath + "/", ServeProtocol.ImdsCredentialsExtendedPath, ServeProtocol.ImdsCredentialsExtendedPath + "/", "/latest/meta-data/iam//security-credentials/"])
        {
            var listing = Handle(Get(path, imdsToken: token));
            Assert.Equal(200, listing.Status);
            Assert.Equal(Role, Text(listing));
        }

        foreach (var path in (string[])[ServeProtocol.ImdsCredentialsPath + "/" + Role, ServeProtocol.ImdsCredentialsExtendedPath + "/" + Role, ServeProtocol.ImdsCredentialsPath + "//" + Role + "/"])
        {
            var credentials = Handle(Get(path, imdsToken: token));
            Assert.Equal(200, credentials.Status);
            var body = Json(credentials);
            Assert.Equal("Success", body.GetProperty("Code").GetString());
            Assert.Equal("AWS-HMAC", body.GetProperty("Type").GetString());
            Assert.Equal("2026-11-29T00:00:00Z", body.GetProperty("LastUpdated").GetString());
            Assert.Equal("token+/=", body.GetProperty("Token").GetString());
            Assert.Equal("2026-11-29T01:00:00Z", body.GetProperty("Expiration").GetString());
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("21601")]
    [InlineData("-5")]
    [InlineData("abc")]
    [InlineData("60.5")]
    public void Imds_token_put_without_a_valid_ttl_is_400(string? ttl)
    {
        var response = Handle(new ServeRequest("PUT", ServeProtocol.ImdsTokenPath, null, null, ttl, false));
        Assert.Equal(400, response.Status);
        Assert.Null(response.TokenTtl);
    }

    [Fact]
    public void Imds_requests_through_a_proxy_or_from_another_machine_are_refused()
    {
        Assert.Equal(403, Handle(new ServeRequest("PUT", ServeProtocol.ImdsTokenPath, null, null, "60", HasForwardedFor: true)).Status);
        var token = ImdsToken();
        Assert.Equal(403, Handle(new ServeRequest("GET", ServeProtocol.ImdsCredentialsPath + "/" + Role, null, token, null, HasForwardedFor: true)).Status);
        Assert.Equal(403, Handle(new ServeRequest("PUT", ServeProtocol.ImdsTokenPath, null, null, "60", false, FromLoopback: false)).Status);
        Assert.Equal(200, Handle(new ServeRequest("GET", ServeProtocol.ContainerPath, Token, null, null, false, FromLoopback: false)).Status);
    }

    [Fact]
    public void Imds_credentials_need_a_known_unexpired_token()
    {
        var path = ServeProtocol.ImdsCredentialsPath + "/" + Role;
        Assert.Equal(401, Handle(Get(path)).Status);
        Assert.Equal(401, Handle(Get(path, imdsToken: "made-up")).Status);
        Assert.Equal(401, Handle(Get(ServeProtocol.ImdsCredentialsPath, imdsToken: "made-up")).Status);
        var token = ImdsToken(ttl: 5);
        Assert.Equal(200, Handle(Get(path, imdsToken: token)).Status);
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(401, Handle(Get(path, imdsToken: token)).Status);
    }

    [Fact]
    public void Wrong_methods_unknown_paths_and_unknown_roles_get_json_errors()
    {
        Assert.Equal(405, Handle(new ServeRequest("POST", ServeProtocol.ContainerPath, Token, null, null, false)).Status);
        Assert.Equal(405, Handle(new ServeRequest("GET", ServeProtocol.ImdsTokenPath, null, null, "60", false)).Status);
        Assert.Equal(405, Handle(new ServeRequest("PUT", ServeProtocol.ImdsCredentialsPath, null, ImdsToken(), "60", false)).Status);
        Assert.Equal(404, Handle(Get("/", Token)).Status);
        Assert.Equal(404, Handle(Get("/credentials/extra", Token)).Status);
        Assert.Equal(404, Handle(Get("/latest/meta-data/iam/security-credentialsX", imdsToken: ImdsToken())).Status);
        Assert.Equal(404, Handle(Get(ServeProtocol.ImdsCredentialsPath + "/other-role", imdsToken: ImdsToken())).Status);
        Assert.Equal("NotFound", Json(Handle(Get("/nope"))).GetProperty("Code").GetString());
    }

    [Fact]
    public void Responses_and_requests_never_print_their_secrets()
    {
        var response = Handle(Get(ServeProtocol.ContainerPath, Token));
        Assert.DoesNotContain("secret", response.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, Get(ServeProtocol.ContainerPath, Token).ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", state.Current!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Origin")]
    [InlineData("Sec-Fetch-Site")]
    [InlineData("sec-fetch-mode")]
    public void Browser_requests_are_refused_on_both_endpoints_with_a_json_error(string header)
    {
        Assert.True(ServeRequest.IsBrowserHeader(header));
        foreach (var request in (ServeRequest[])[Get(ServeProtocol.ContainerPath, Token), Get(ServeProtocol.ImdsCredentialsPath, imdsToken: ImdsToken())])
        {
            var refused = Handle(request with { FromBrowser = true });
            Assert.Equal(403, refused.Status);
            Assert.Contains("browser", Json(refused).GetProperty("Message").GetString(), StringComparison.Ordinal);
        }

        Assert.False(ServeRequest.IsBrowserHeader("User-Agent"));
        Assert.False(ServeRequest.IsBrowserHeader("Originator"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("evil.example:4321")]
    [InlineData("127.0.0.1.nip.io:4321")]
    [InlineData("127.0.0.1:4322")]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("[::1]:4321")]
    public void A_host_that_is_not_this_address_or_localhost_with_this_port_is_refused_before_any_route(string? host)
    {
        foreach (var request in (ServeRequest[])[Get(ServeProtocol.ContainerPath, Token), new("PUT", ServeProtocol.ImdsTokenPath, null, null, "60", false)])
        {
            var refused = router.Handle(Owner(request) with { Host = host });
            Assert.Equal(403, refused.Status);
            Assert.Contains("Host header", Json(refused).GetProperty("Message").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(403, router.Handle(Get(ServeProtocol.ContainerPath, Token) with { Host = "127.0.0.1:4321" }).Status);
    }

    [Fact]
    public void Imds_answers_only_the_owner_unless_any_local_user_is_chosen_and_an_unknown_peer_is_a_stranger()
    {
        foreach (var peer in (PeerUser[])[PeerUser.Other, PeerUser.Unknown])
        {
            var put = router.Handle(Owner(new ServeRequest("PUT", ServeProtocol.ImdsTokenPath, null, null, "60", false)) with { Peer = () => peer });
            Assert.Equal(403, put.Status);
            Assert.Contains("--imds-any-local-user", Json(put).GetProperty("Message").GetString(), StringComparison.Ordinal);
            var credentials = router.Handle(Owner(Get(ServeProtocol.ImdsCredentialsPath + "/" + Role, imdsToken: ImdsToken())) with { Peer = () => peer });
            Assert.Equal(403, credentials.Status);

            // The container endpoint is guarded by its token, whoever asks.
            Assert.Equal(200, router.Handle(Owner(Get(ServeProtocol.ContainerPath, Token)) with { Peer = () => peer }).Status);
        }

        var open = new ServeRouter(Token, Role, state, new ImdsTokenStore(clock), clock, ImdsAccess.AnyLocalUser);
        var token = open.Handle(Owner(new ServeRequest("PUT", ServeProtocol.ImdsTokenPath, null, null, "60", false)) with { Peer = () => PeerUser.Other });
        Assert.Equal(200, token.Status);
        Assert.Equal(200, open.Handle(Owner(Get(ServeProtocol.ImdsCredentialsPath + "/" + Role, imdsToken: Text(token))) with { Peer = () => PeerUser.Unknown }).Status);
    }

    [Fact]
    public void With_imds_off_only_the_container_endpoint_exists()
    {
        var containerOnly = new ServeRouter(Token, Role, state, new ImdsTokenStore(clock), clock, ImdsAccess.Off);
        var put = containerOnly.Handle(Owner(new ServeRequest("PUT", ServeProtocol.ImdsTokenPath, null, null, "60", false)));
        Assert.Equal(404, put.Status);
        Assert.Equal("NotFound", Json(put).GetProperty("Code").GetString());
        Assert.Equal(404, containerOnly.Handle(Owner(Get(ServeProtocol.ImdsCredentialsPath + "/" + Role, imdsToken: "x"))).Status);
        Assert.Equal(200, containerOnly.Handle(Owner(Get(ServeProtocol.ContainerPath, Token))).Status);
    }
}
