using System.Net;
using System.Net.Sockets;
using CertCreds.Credentials;
using CertCreds.Errors;
using CertCreds.Protocol;
using CertCreds.Providers;
using CertCreds.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CertCreds.Tests.Providers;

public sealed class IotCredentialsProviderTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private readonly ScriptedHandler server = new();

    private static IotCredentialsRequest Request(string? thing = "client1") =>
        new(IotEndpoint.Parse("abc.credentials.iot.eu-west-1.amazonaws.com"), "my-alias", thing);

    public void Dispose() => server.Dispose();

    private string Success => ProviderBodies.Success(clock.GetUtcNow().AddHours(1));

    /// <summary>Runs the fetch while moving the fake clock forward, so backoff waits and deadlines happen instantly.</summary>
    private async Task<TemporaryCredentials> FetchAsync(IotCredentialsRequest request, bool retryThrottling = true)
    {
        using var http = new HttpMessageInvoker(server, disposeHandler: false);
        var provider = new IotCredentialsProvider(http, clock, new TlsFailureRecorder(), () => 0.5) { RetryThrottling = retryThrottling };
        var task = provider.FetchAsync(request, Timeout, CancellationToken.None);
        while (!task.IsCompleted)
        {
            await Task.Delay(1);
            clock.Advance(TimeSpan.FromMilliseconds(50));
        }

        return await task;
    }

    [Fact]
    public async Task Sends_one_http11_get_to_the_role_alias_path_with_the_thing_header()
    {
        server.ThenRespond(200, Success);
        var credentials = await FetchAsync(Request());
        Assert.Equal(ProviderBodies.AccessKeyId, credentials.AccessKeyId);
        var request = Assert.Single(server.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal(HttpVersion.Version11, request.Version);
        Assert.Equal(HttpVersionPolicy.RequestVersionExact, request.VersionPolicy);
        Assert.Equal("https://abc.credentials.iot.eu-west-1.amazonaws.com/role-aliases/my-alias/credentials", request.RequestUri!.ToString());
        Assert.Equal("client1", Assert.Single(request.Headers.GetValues(IotProtocol.ThingNameHeader)));
    }

    [Fact]
    public async Task The_thing_header_is_sent_only_when_a_thing_name_is_given()
    {
        server.ThenRespond(200, Success);
        await FetchAsync(Request(thing: null));
        Assert.False(Assert.Single(server.Requests).Headers.Contains(IotProtocol.ThingNameHeader));
    }

    [Fact]
    public async Task Server_faults_are_retried_until_success()
    {
        server.ThenRespond(503, "{\"message\":\"busy\"}").ThenRespond(500, "").ThenRespond(200, Success);
        var credentials = await FetchAsync(Request());
        Assert.Equal(ProviderBodies.AccessKeyId, credentials.AccessKeyId);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Transport_failures_are_retried()
    {
        server.ThenThrow(new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused)))
            .ThenRespond(200, Success);
        await FetchAsync(Request());
        Assert.Equal(2, server.Requests.Count);
    }

    [Theory]
    [InlineData(400, IotProtocol.UnableToAssumeRoleMessage)]
    [InlineData(403, IotProtocol.InvalidThingMessage)]
    [InlineData(404, IotProtocol.AliasMissingMessage)]
    public async Task Rejections_are_never_retried(int status, string message)
    {
        server.ThenRespond(status, ProviderBodies.Error(message), ("x-amzn-RequestId", "req-42"));
        var e = await Assert.ThrowsAsync<RejectedException>(() => FetchAsync(Request()));
        Assert.Single(server.Requests);
        Assert.Equal("req-42", e.RequestId);
    }

    [Fact]
    public async Task Persistent_server_faults_end_as_a_transient_error_with_the_last_status()
    {
        for (var i = 0; i < BackoffPolicy.MaxAttempts; i++)
        {
            server.ThenRespond(503, ProviderBodies.Error("Service Unavailable"));
        }

        var e = await Assert.ThrowsAsync<TransientException>(() => FetchAsync(Request()));
        Assert.Equal(503, e.Status);
        Assert.Contains("Service Unavailable", e.Message, StringComparison.Ordinal);
        Assert.Equal(BackoffPolicy.MaxAttempts, server.Requests.Count);
    }

    [Fact]
    public async Task A_hanging_server_cannot_outlast_the_deadline()
    {
        server.ThenHang();
        var started = clock.GetUtcNow();
        var e = await Assert.ThrowsAsync<TransientException>(() => FetchAsync(Request()));
        Assert.Contains("deadline", e.Message, StringComparison.Ordinal);
        var elapsed = clock.GetUtcNow() - started;
        Assert.InRange(elapsed, Timeout, Timeout + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Retry_after_from_a_throttling_answer_is_waited_out()
    {
        server.ThenRespond(429, ProviderBodies.Error("Rate exceeded"), ("Retry-After", "3")).ThenRespond(200, Success);
        var started = clock.GetUtcNow();
        await FetchAsync(Request());
        Assert.True(clock.GetUtcNow() - started >= TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Oversized_success_body_is_an_invalid_response()
    {
        server.ThenRespond(200, "{\"credentials\":{\"accessKeyId\":\"" + new string('A', ResponseInterpreter.MaxBodyBytes) + "\"}}");
        await Assert.ThrowsAsync<InvalidResponseException>(() => FetchAsync(Request()));
    }

    [Fact]
    public async Task A_background_fetch_ends_after_one_request_when_throttled_and_hands_on_the_retry_after()
    {
        server.ThenRespond(429, ProviderBodies.Error("Rate exceeded"), ("Retry-After", "7")).ThenRespond(200, Success);
        var e = await Assert.ThrowsAsync<TransientException>(() => FetchAsync(Request(), retryThrottling: false));
        Assert.Equal(429, e.Status);
        Assert.Equal(TimeSpan.FromSeconds(7), e.RetryAfter);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_background_fetch_still_retries_server_errors_within_the_call()
    {
        server.ThenRespond(503, ProviderBodies.Error("Service unavailable")).ThenRespond(200, Success);
        var credentials = await FetchAsync(Request(), retryThrottling: false);
        Assert.Equal(ProviderBodies.AccessKeyId, credentials.AccessKeyId);
        Assert.Equal(2, server.Requests.Count);
    }
}
