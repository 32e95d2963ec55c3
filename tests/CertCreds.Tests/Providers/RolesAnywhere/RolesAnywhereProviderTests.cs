using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CertCreds.Certificates;
using CertCreds.Credentials;
using CertCreds.Errors;
using CertCreds.Protocol;
using CertCreds.Providers;
using CertCreds.Providers.RolesAnywhere;
using CertCreds.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CertCreds.Tests.Providers.RolesAnywhere;

public sealed class RolesAnywhereProviderTests : IDisposable
{
    private const string TrustAnchor = "arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    private const string Profile = "arn:aws:rolesanywhere:eu-west-1:123456789012:profile/11111111-2222-3333-4444-555555555555";
    private const string Role = "arn:aws:iam::123456789012:role/device-role";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
    private readonly ScriptedHandler server = new();
    private readonly X509Certificate2 ca = X509Certificate2.CreateFromPem(KnownAnswerMaterial.CaPem);
    private readonly DeviceIdentity identity;
    private readonly List<(string Date, string Authorization, byte[] Body, string? ContentType)> sent = [];

    public RolesAnywhereProviderTests()
    {
        // The known-answer key: fixed, so no test waits for an RSA key to be generated.
        identity = new DeviceIdentity(
            X509Certificate2.CreateFromPem(KnownAnswerMaterial.LeafPem, KnownAnswerMaterial.LeafKeyPem),
            [X509Certificate2.CreateFromPem(KnownAnswerMaterial.CaPem)]);
    }

    public void Dispose()
    {
        server.Dispose();
        identity.Dispose();
        ca.Dispose();
    }

    private static RolesAnywhereRequest Request(string? sessionName = null) =>
        new(TrustAnchor, Profile, Role, durationSeconds: 3600, roleSessionName: sessionName);

    private string Created => RolesAnywhereBodies.Created(clock.GetUtcNow().AddHours(1));

    /// <summary>Answers with <paramref name="status"/>, recording what the request carried before the loop disposes it.</summary>
    private ScriptedHandler Answer(int status, string body, string contentType = "application/json", params (string Name, string Value)[] headers) =>
        server.Then(async (request, token) =>
        {
            sent.Add((
                Single(request, RolesAnywhereProtocol.DateHeader),
                Single(request, RolesAnywhereProtocol.AuthorizationHeader),
                await request.Content!.ReadAsByteArrayAsync(token),
                request.Content.Headers.ContentType?.ToString()));
            var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
            response.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            foreach (var (name, value) in headers)
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }

            return response;
        });

    private static string Single(HttpRequestMessage request, string header) => Assert.Single(request.Headers.GetValues(header));

    /// <summary>Runs the fetch while moving the fake clock forward, so backoff waits and deadlines happen instantly.</summary>
    private async Task<TemporaryCredentials> FetchAsync(RolesAnywhereRequest request, DeviceIdentity? device = null, Uri? proxy = null)
    {
        using var http = new HttpMessageInvoker(server, disposeHandler: false);
        var provider = new RolesAnywhereProvider(http, clock, new TlsFailureRecorder(), () => 0.5, proxy: proxy);
        var task = provider.FetchAsync(request, device ?? identity, Timeout, CancellationToken.None);
        while (!task.IsCompleted)
        {
            await Task.Delay(1);
            clock.Advance(TimeSpan.FromMilliseconds(50));
        }

        return await task;
    }

    /// <summary>What the signer gives for this request at the date the request carried: RSA PKCS#1 v1.5 is deterministic.</summary>
    private SigV4X509Signature Expected(RolesAnywhereRequest request, string amzDate)
    {
        var at = DateTimeOffset.ParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
        return SigV4X509Signer.Sign(
            new SigV4X509Request("POST", request.Endpoint.Authority, "/sessions", request.QueryParameters, [new("Content-Type", "application/json")], request.Body()),
            "eu-west-1",
            identity.Certificate,
            [.. identity.Intermediates],
            at);
    }

    private async Task<RejectedException> RejectedAsync(int status, string body, params (string Name, string Value)[] headers)
    {
        Answer(status, body, "application/json", headers);
        var e = await Assert.ThrowsAsync<RejectedException>(() => FetchAsync(Request()));
        Assert.Single(server.Requests);
        Assert.Equal(ExitCodes.Rejected, e.ExitCode);
        Assert.Equal(status, e.Status);
        Assert.DoesNotContain('\n', e.Message + e.Hint);
        return e;
    }

    [Fact]
    public async Task Sends_one_signed_http11_post_to_sessions_with_the_arns_in_the_query_and_the_duration_in_the_body()
    {
        Answer(201, Created);

        var credentials = await FetchAsync(Request());

        Assert.Equal(ProviderBodies.AccessKeyId, credentials.AccessKeyId);
        Assert.Equal(ProviderBodies.Secret, credentials.SecretAccessKey);
        Assert.Equal(ProviderBodies.Token, credentials.SessionToken);
        Assert.Equal(clock.GetUtcNow().AddHours(1), credentials.Expiration);
        var message = Assert.Single(server.Requests);
        Assert.Equal(HttpMethod.Post, message.Method);
        Assert.Equal(HttpVersion.Version11, message.Version);
        Assert.Equal(HttpVersionPolicy.RequestVersionExact, message.VersionPolicy);
        Assert.Equal(Request().Uri, message.RequestUri);
        Assert.Equal("rolesanywhere.eu-west-1.amazonaws.com", message.Headers.Host);
        var (date, authorization, body, contentType) = Assert.Single(sent);
        Assert.Equal("20261203T120000Z", date);
        Assert.Equal("{\"durationSeconds\":3600}", Encoding.UTF8.GetString(body));
        Assert.Equal("application/json", contentType);
        Assert.Equal(Convert.ToBase64String(identity.Certificate.RawData), Single(message, "X-Amz-X509"));
        Assert.Equal(Convert.ToBase64String(ca.RawData), Single(message, "X-Amz-X509-Chain"));
        Assert.Equal(Expected(Request(), date).Authorization, authorization);
        Assert.StartsWith($"AWS4-X509-RSA-SHA256 Credential={SigV4X509Signer.SerialNumber(identity.Certificate)}/20261203/eu-west-1/rolesanywhere/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-x509;x-amz-x509-chain, Signature=", authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_role_session_name_goes_in_the_body_when_given()
    {
        Answer(201, Created);

        await FetchAsync(Request(sessionName: "build-42"));

        Assert.Equal("{\"durationSeconds\":3600,\"roleSessionName\":\"build-42\"}", Encoding.UTF8.GetString(Assert.Single(sent).Body));
    }

    [Fact]
    public async Task Every_retry_is_signed_again_with_a_fresh_date()
    {
        // Retry-After moves the clock past the next second, so the second signature must carry a new date.
        Answer(503, RolesAnywhereBodies.Error("busy"), "application/json", ("Retry-After", "2"));
        server.ThenThrow(new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused)));
        Answer(201, Created);

        await FetchAsync(Request());

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(2, sent.Count);
        Assert.NotEqual(sent[0].Date, sent[1].Date);
        Assert.NotEqual(sent[0].Authorization, sent[1].Authorization);
        foreach (var (date, authorization, _, _) in sent)
        {
            Assert.Equal(Expected(Request(), date).Authorization, authorization);
        }
    }

    [Fact]
    public async Task Persistent_throttling_ends_as_a_transient_error_that_says_to_let_the_cache_work()
    {
        for (var i = 0; i < BackoffPolicy.MaxAttempts; i++)
        {
            Answer(429, RolesAnywhereBodies.Error("Rate exceeded"), "application/json", ("x-amzn-ErrorType", "ThrottlingException"));
        }

        var e = await Assert.ThrowsAsync<TransientException>(() => FetchAsync(Request()));

        Assert.Equal(ExitCodes.Transient, e.ExitCode);
        Assert.Equal(429, e.Status);
        Assert.Contains("ThrottlingException \"Rate exceeded\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("CreateSession rate limit", e.Hint, StringComparison.Ordinal);
        Assert.Equal(BackoffPolicy.MaxAttempts, server.Requests.Count);
    }

    [Fact]
    public async Task A_throttling_error_type_is_retried_whatever_its_status()
    {
        Answer(400, "{\"__type\":\"com.amazonaws.rolesanywhere#ThrottlingException\",\"message\":\"slow down\"}");
        Answer(201, Created);

        await FetchAsync(Request());

        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Server_faults_are_retried_and_then_blamed_on_the_service()
    {
        for (var i = 0; i < BackoffPolicy.MaxAttempts; i++)
        {
            Answer(500, "{\"message\":\"internal\"}", "application/json", ("x-amzn-ErrorType", "InternalServerException:http://internal.amazon.com/coral/"));
        }

        var e = await Assert.ThrowsAsync<TransientException>(() => FetchAsync(Request()));

        Assert.Contains("500 InternalServerException \"internal\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("IAM Roles Anywhere is having trouble", e.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_untrusted_certificate_names_the_issuer_the_trust_anchor_must_hold()
    {
        var e = await RejectedAsync(403, RolesAnywhereBodies.Error(RolesAnywhereProtocol.UntrustedCertificateMessage), ("x-amzn-ErrorType", "AccessDeniedException"), ("x-amzn-RequestId", "req-7"));

        Assert.Contains("refused CreateSession: 403 AccessDeniedException \"Untrusted Signing Certificate\" (request id req-7)", e.Message, StringComparison.Ordinal);
        Assert.Contains("'CN=certcreds known-answer CA'", e.Hint, StringComparison.Ordinal);
        Assert.Contains("trust anchor aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", e.Hint, StringComparison.Ordinal);
        Assert.Equal("Untrusted Signing Certificate", e.ServerMessage);
        Assert.Equal("req-7", e.RequestId);
    }

    [Theory]
    [InlineData(403, "AccessDeniedException", "Invalid signature", new[] { "clock", "--private-key is the key of --certificate", "proxy" })]
    [InlineData(403, "AccessDeniedException", "Profile is disabled", new[] { "aws rolesanywhere enable-profile --profile-id 11111111-2222-3333-4444-555555555555 --region eu-west-1" })]
    [InlineData(403, "AccessDeniedException", "Trust anchor is disabled", new[] { "aws rolesanywhere enable-trust-anchor --trust-anchor-id aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" })]
    [InlineData(403, "AccessDeniedException", "Role is not associated with profile", new[] { "does not list the role device-role", "update-profile" })]
    [InlineData(403, "AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/x is not authorized to perform: sts:AssumeRole", new[] { "must trust rolesanywhere.amazonaws.com", "sts:TagSession", "sts:SetSourceIdentity" })]
    [InlineData(400, "ValidationException", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", new[] { "--session-duration 3600 is above", "MaxSessionDuration" })]
    [InlineData(403, "AccessDeniedException", "Signature expired: 20261203T114000Z is now earlier than 20261203T115500Z", new[] { "sync this device's clock" })]
    [InlineData(403, "AccessDeniedException", "Certificate has expired", new[] { "validity period" })]
    [InlineData(404, "ResourceNotFoundException", "Trust anchor not found", new[] { "no trust anchor " + TrustAnchor, "list-trust-anchors --region eu-west-1" })]
    [InlineData(404, "ResourceNotFoundException", "Profile not found", new[] { "no profile " + Profile, "list-profiles" })]
    [InlineData(404, "ResourceNotFoundException", "Role not found", new[] { "no role " + Role, "aws iam get-role --role-name device-role" })]
    [InlineData(404, "ResourceNotFoundException", "Resource not found", new[] { "--trust-anchor-arn, --profile-arn and --role-arn", "account 123456789012, region eu-west-1" })]
    [InlineData(400, "ValidationException", "1 validation error detected: roleSessionName", new[] { "its words above", "--role-session-name" })]
    [InlineData(403, "AccessDeniedException", "Access denied", new[] { "'CN=certcreds known-answer CA'", "rolesanywhere.amazonaws.com" })]
    public async Task Each_known_rejection_is_exit_code_5_with_its_own_fix(int status, string type, string message, string[] hintWords)
    {
        var e = await RejectedAsync(status, RolesAnywhereBodies.Error(message), ("x-amzn-ErrorType", type));

        Assert.Contains($"{status} {type} \"{message}\"", e.Message, StringComparison.Ordinal);
        foreach (var words in hintWords)
        {
            Assert.Contains(words, e.Hint, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_error_type_is_read_from_the_body_when_the_header_is_missing()
    {
        var e = await RejectedAsync(404, "{\"__type\":\"com.amazonaws.rolesanywhere#ResourceNotFoundException\",\"Message\":\"Profile not found\"}");

        Assert.Contains("404 ResourceNotFoundException \"Profile not found\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("--profile-arn", e.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_404_without_an_aws_error_means_the_endpoint_is_something_else()
    {
        Answer(404, "<html>not here</html>", "text/html");

        var e = await Assert.ThrowsAsync<RejectedException>(() => FetchAsync(Request()));

        Assert.Contains("check --endpoint", e.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_clock_far_from_the_device_clock_explains_the_refusal()
    {
        var serverNow = clock.GetUtcNow().AddMinutes(10).ToString("R", System.Globalization.CultureInfo.InvariantCulture);

        var e = await RejectedAsync(403, RolesAnywhereBodies.Error("Invalid signature"), ("x-amzn-ErrorType", "AccessDeniedException"), ("Date", serverNow));

        Assert.Contains("about 10 minutes behind the server's", e.Hint, StringComparison.Ordinal);
        Assert.Contains("timedatectl", e.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_services_words_are_shortened_and_escaped()
    {
        var e = await RejectedAsync(400, "{\"message\":\"bad \\u001b[2J\\u202e value " + new string('x', 500) + "\"}", ("x-amzn-ErrorType", "ValidationException"));

        Assert.DoesNotContain('\u001b', e.Message);
        Assert.DoesNotContain('\u202e', e.Message);
        Assert.Contains("\\x1b[2J\\u202e", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 400);
    }

    [Fact]
    public async Task An_oversized_success_body_is_an_invalid_response()
    {
        Answer(201, RolesAnywhereBodies.Created("{\"accessKeyId\":\"" + new string('A', ResponseInterpreter.MaxBodyBytes) + "\"}"));

        var e = await Assert.ThrowsAsync<InvalidResponseException>(() => FetchAsync(Request()));

        Assert.Equal(ExitCodes.InvalidResponse, e.ExitCode);
        Assert.Contains("201 with a body over", e.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    /// <summary>Answers to a request made at 12:00 on the fake clock: content type, body, and words the error must use.</summary>
    public static TheoryData<string, string, string> Hostile
    {
        get
        {
            string Credentials(string? secret = ProviderBodies.Secret, string expiration = "2026-12-03T13:00:00Z") =>
                "{\"accessKeyId\":\"" + ProviderBodies.AccessKeyId + "\"," + (secret is null ? string.Empty : "\"secretAccessKey\":\"" + secret + "\",") +
                "\"sessionToken\":\"" + ProviderBodies.Token + "\",\"expiration\":\"" + expiration + "\"}";
            return new TheoryData<string, string, string>
            {
                { "text/html", RolesAnywhereBodies.Created(Credentials()), "content type 'text/html', not JSON" },
                { "application/json", "<html>" + ProviderBodies.Secret + "</html>", "not CreateSession's JSON" },
                { "application/json", "{}", "non-empty \"credentialSet\"" },
                { "application/json", "{\"credentialSet\":[]}", "non-empty \"credentialSet\"" },
                { "application/json", "{\"credentialSet\":[{}]}", "credentialSet[0].credentials" },
                { "application/json", "{\"credentialSet\":[null]}", "credentialSet[0].credentials" },
                { "application/json", RolesAnywhereBodies.Created(Credentials(secret: null)), "secretAccessKey is missing" },
                { "application/json", RolesAnywhereBodies.Created(Credentials(secret: "two words")), "secretAccessKey contains whitespace" },
                { "application/json", RolesAnywhereBodies.Created(Credentials(expiration: "2026-12-03T13:00:00")), "not an ISO 8601 UTC time" },
                { "application/json", RolesAnywhereBodies.Created(Credentials(expiration: "2026-12-03T11:00:00Z")), "already past" },
                { "application/json", RolesAnywhereBodies.Created(Credentials(expiration: "2036-12-03T11:00:00Z")), "more than 12 hours" },
                { "application/json", "{\"credentialSet\":[{\"credentials\":{\"accessKeyId\":42}}]}", "not CreateSession's JSON" },
            };
        }
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_broken_or_hostile_success_answer_is_an_invalid_response_that_never_shows_the_secret(string contentType, string body, string words)
    {
        Answer(201, body, contentType);

        var e = await Assert.ThrowsAsync<InvalidResponseException>(() => FetchAsync(Request()));

        Assert.Contains(words, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ProviderBodies.Secret, e.Message + e.Hint + e, StringComparison.Ordinal);
        Assert.DoesNotContain(ProviderBodies.Token, e.Message + e.Hint, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_hanging_server_cannot_outlast_the_deadline()
    {
        server.ThenHang();
        var started = clock.GetUtcNow();

        var e = await Assert.ThrowsAsync<TransientException>(() => FetchAsync(Request()));

        Assert.Contains("within the 10 s deadline", e.Message, StringComparison.Ordinal);
        Assert.InRange(clock.GetUtcNow() - started, Timeout, Timeout + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task An_unreachable_proxy_is_named_as_the_proxy_not_the_endpoint()
    {
        for (var i = 0; i < BackoffPolicy.MaxAttempts; i++)
        {
            server.ThenThrow(new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused)));
        }

        var e = await Assert.ThrowsAsync<TransientException>(() => FetchAsync(Request(), proxy: new Uri("http://proxy.example:3128")));

        Assert.Contains("could not reach the proxy proxy.example:3128", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_without_a_private_key_fails_before_any_request()
    {
        using var bare = new DeviceIdentity(X509CertificateLoader.LoadCertificate(identity.Certificate.RawData), []);

        var e = await Assert.ThrowsAsync<IdentityException>(() => FetchAsync(Request(), bare));

        Assert.Equal(ExitCodes.Identity, e.ExitCode);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task An_ec_identity_signs_with_the_ecdsa_algorithm()
    {
        var (leaf, issuer) = QuickCertificates.Issue(ECCurve.NamedCurves.nistP256);
        issuer.Dispose();
        using var ec = new DeviceIdentity(leaf, []);
        Answer(201, Created);

        await FetchAsync(Request(), ec);

        var (_, authorization, _, _) = Assert.Single(sent);
        Assert.StartsWith("AWS4-X509-ECDSA-SHA256 Credential=", authorization, StringComparison.Ordinal);
        Assert.Contains("SignedHeaders=content-type;host;x-amz-date;x-amz-x509, ", authorization, StringComparison.Ordinal);
        Assert.False(Assert.Single(server.Requests).Headers.Contains("X-Amz-X509-Chain"));
    }
}
