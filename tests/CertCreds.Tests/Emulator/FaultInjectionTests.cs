using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CertCreds.Emulator.Faults;
using CertCreds.Emulator.Hosting;
using CertCreds.Protocol;
using CertCreds.Testing.Emulator;

namespace CertCreds.Tests.Emulator;

public sealed class FaultInjectionTests : IAsyncLifetime
{
    private const string CredentialsPath = "/role-aliases/" + TestWorld.Alias + "/credentials";
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 22, 45, 3, TimeSpan.Zero);
    private readonly X509Certificate2 _device = TestDevices.CreateDevice();
    private EmulatorServer _emulator = null!;

    public async Task InitializeAsync() =>
        _emulator = await EmulatorServer.StartAsync(new EmulatorServerOptions { Registry = TestWorld.For(TestDevices.CertificateId(_device)), TimeProvider = new ManualTimeProvider(Start) });

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _device.Dispose();
    }

    private Task<RawResponse> SendAsync(TimeSpan? timeout = null) =>
        RawHttps.SendAsync(_emulator.Port, "localhost", _device, _emulator.RootCertificate, RawHttps.Request(CredentialsPath, "localhost", TestWorld.Thing), timeout: timeout);

    private static string Expiration(RawResponse response) =>
        JsonDocument.Parse(response.Body).RootElement.GetProperty("credentials").GetProperty("expiration").GetString()!;

    [Fact]
    public async Task Scripted_statuses_are_answered_in_order_then_normal_answers_resume()
    {
        _emulator.Faults.Enqueue(FaultSpec.WithStatus(503), FaultSpec.WithStatus(503, "try later"));

        var first = await SendAsync();
        var second = await SendAsync();
        var third = await SendAsync();

        Assert.Equal((503, "{\"message\":\"Service Unavailable\"}"), (first.Status, first.BodyText));
        Assert.Equal((503, "{\"message\":\"try later\"}"), (second.Status, second.BodyText));
        Assert.Equal(200, third.Status);
        Assert.NotNull(first.Header(IotProtocol.RequestIdHeader));
        Assert.Equal([503, 503, 200], _emulator.Requests.Select(r => r.Status));
        Assert.Single(_emulator.Issued);
    }

    [Fact]
    public async Task Throttling_is_429_with_retry_after_only_when_scripted()
    {
        _emulator.Faults.Enqueue(FaultSpec.Throttle("3"), FaultSpec.Throttle());

        var with = await SendAsync();
        var without = await SendAsync();

        Assert.Equal((429, "3"), (with.Status, with.Header("Retry-After")));
        Assert.Equal(429, without.Status);
        Assert.Null(without.Header("Retry-After"));
    }

    [Fact]
    public async Task Malformed_json_is_a_200_whose_body_does_not_parse()
    {
        _emulator.Faults.Enqueue(FaultSpec.Of(FaultKind.MalformedJson));

        var response = await SendAsync();

        Assert.Equal(200, response.Status);
        Assert.True(response.Complete);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(response.Body));
    }

    [Fact]
    public async Task Oversized_body_is_100_kilobytes_by_default()
    {
        _emulator.Faults.Enqueue(FaultSpec.Of(FaultKind.OversizedBody));

        var response = await SendAsync();

        Assert.Equal(200, response.Status);
        Assert.Equal(100 * 1024, response.Body.Length);
    }

    [Fact]
    public async Task Capitalised_keys_reach_the_client()
    {
        _emulator.Faults.Enqueue(FaultSpec.Of(FaultKind.CapitalisedKeys));

        var response = await SendAsync();

        var credentials = JsonDocument.Parse(response.Body).RootElement.GetProperty("credentials");
        Assert.StartsWith("ASIA", credentials.GetProperty("AccessKeyId").GetString(), StringComparison.Ordinal);
        Assert.False(credentials.TryGetProperty("accessKeyId", out _));
    }

    [Fact]
    public async Task Expiration_faults_reach_the_client_as_fractional_offset_and_past()
    {
        _emulator.Faults.Enqueue(FaultSpec.Of(FaultKind.FractionalExpiration), new FaultSpec { Kind = FaultKind.OffsetExpiration, Offset = "+09:00" }, FaultSpec.Of(FaultKind.PastExpiration));

        Assert.Equal("2026-11-28T23:45:03.000Z", Expiration(await SendAsync()));
        Assert.Equal("2026-11-29T08:45:03+09:00", Expiration(await SendAsync()));
        Assert.Equal("2026-11-28T21:45:03Z", Expiration(await SendAsync()));
        Assert.Equal("2026-11-28T23:45:03Z", Expiration(await SendAsync()));
    }

    [Fact]
    public async Task Delay_holds_the_answer_then_answers_normally()
    {
        _emulator.Faults.Enqueue(FaultSpec.Delay(600));
        var watch = Stopwatch.StartNew();

        var response = await SendAsync();

        Assert.Equal(200, response.Status);
        Assert.True(watch.ElapsedMilliseconds >= 550, $"answered after {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Hang_never_answers_so_the_client_times_out()
    {
        _emulator.Faults.Enqueue(FaultSpec.Of(FaultKind.Hang));

        var response = await SendAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(0, response.Status);
        Assert.Contains("Canceled", response.TransportError, StringComparison.Ordinal);
        Assert.Equal(200, (await SendAsync()).Status);
    }

    [Fact]
    public async Task Hung_request_is_released_when_the_server_stops()
    {
        _emulator.Faults.Enqueue(FaultSpec.Of(FaultKind.Hang));
        var pending = SendAsync(TimeSpan.FromSeconds(30));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_emulator.Requests.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var watch = Stopwatch.StartNew();
        await _emulator.StopAsync();
        var response = await pending;

        Assert.Equal(0, response.Status);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"released after {watch.Elapsed}");
    }

    [Fact]
    public async Task Reset_mid_body_sends_headers_and_part_of_the_body_then_drops_the_connection()
    {
        _emulator.Faults.Enqueue(FaultSpec.Of(FaultKind.ResetMidBody));

        var response = await SendAsync();

        Assert.Equal(200, response.Status);
        Assert.False(response.Complete);
        var announced = int.Parse(response.Header("Content-Length")!, CultureInfo.InvariantCulture);
        Assert.InRange(response.Body.Length, 1, announced - 1);
    }

    [Fact]
    public async Task Reset_mid_body_makes_httpclient_fail()
    {
        _emulator.Faults.Enqueue(FaultSpec.Of(FaultKind.ResetMidBody));
        using var client = EmulatorClients.Create(_emulator.RootCertificate, _device);

        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var response = await client.GetAsync(new Uri($"https://localhost:{_emulator.Port}{CredentialsPath}"));
            await response.Content.ReadAsByteArrayAsync();
        });
    }

    [Fact]
    public async Task Skewed_date_is_moved_and_missing_date_is_absent()
    {
        _emulator.Faults.Enqueue(new FaultSpec { Kind = FaultKind.SkewedDate, SkewSeconds = -7200 }, FaultSpec.Of(FaultKind.MissingDate));

        var skewed = await SendAsync();
        var missing = await SendAsync();

        Assert.Equal("Sat, 28 Nov 2026 20:45:03 GMT", skewed.Header("Date"));
        Assert.Equal(200, missing.Status);
        Assert.Null(missing.Header("Date"));
    }

    [Fact]
    public async Task Faults_are_consumed_by_failing_requests_too()
    {
        _emulator.Faults.Enqueue(FaultSpec.Of(FaultKind.CapitalisedKeys));

        var denied = await RawHttps.SendAsync(_emulator.Port, null, _device, _emulator.RootCertificate, RawHttps.Request(CredentialsPath, "localhost"));
        var normal = await SendAsync();

        Assert.Equal(403, denied.Status);
        Assert.Equal(0, _emulator.Faults.Count);
        Assert.Equal("2026-11-28T23:45:03Z", Expiration(normal));
    }

    [Fact]
    public async Task Retry_after_reaches_httpclient_as_a_header()
    {
        _emulator.Faults.Enqueue(FaultSpec.Throttle("5"));
        using var client = EmulatorClients.Create(_emulator.RootCertificate, _device);

        using var response = await client.GetAsync(new Uri($"https://localhost:{_emulator.Port}{CredentialsPath}"));

        Assert.Equal(429, (int)response.StatusCode);
        Assert.Equal(new RetryConditionHeaderValue(TimeSpan.FromSeconds(5)), response.Headers.RetryAfter);
    }
}
