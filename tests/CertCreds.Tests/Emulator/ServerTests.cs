using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CertCreds.Emulator.Hosting;
using CertCreds.Protocol;
using CertCreds.Testing.Emulator;

namespace CertCreds.Tests.Emulator;

public sealed class ServerTests : IAsyncLifetime
{
    private const string CredentialsPath = "/role-aliases/" + TestWorld.Alias + "/credentials";
    private readonly X509Certificate2 _device = TestDevices.CreateDevice();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 28, 22, 45, 3, TimeSpan.Zero));
    private EmulatorServer _emulator = null!;

    public async Task InitializeAsync() =>
        _emulator = await EmulatorServer.StartAsync(new EmulatorServerOptions { Registry = TestWorld.For(TestDevices.CertificateId(_device)), TimeProvider = _clock });

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _device.Dispose();
    }

    private Task<RawResponse> SendAsync(string? sni = "localhost", X509Certificate2? certificate = null, string? request = null, SslProtocols protocols = SslProtocols.None) =>
        RawHttps.SendAsync(_emulator.Port, sni, certificate ?? _device, _emulator.RootCertificate, request ?? RawHttps.Request(CredentialsPath, $"localhost:{_emulator.Port}", TestWorld.Thing), protocols);

    [Fact]
    public async Task Binds_loopback_on_the_port_it_reports()
    {
        Assert.NotEqual(0, _emulator.Port);
        Assert.Equal($"localhost:{_emulator.Port}", _emulator.Endpoint);
        var response = await SendAsync();
        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task HttpClient_with_the_device_certificate_gets_credentials_expiring_after_the_alias_duration()
    {
        using var client = EmulatorClients.Create(_emulator.RootCertificate, _device);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://localhost:{_emulator.Port}{CredentialsPath}");
        request.Headers.Add(IotProtocol.ThingNameHeader, TestWorld.Thing);

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        var success = JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.ProviderSuccess)!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2026-11-28T23:45:03Z", success.Credentials!.Expiration);
        Assert.InRange(body.Length, 1000, 1250);
        Assert.True(response.Headers.Contains(IotProtocol.RequestIdHeader));
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 22, 45, 3, TimeSpan.Zero), response.Headers.Date);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var issued = Assert.Single(_emulator.Issued);
        Assert.Equal(success.Credentials.AccessKeyId, issued.AccessKeyId);
        Assert.Equal(TestWorld.RoleArn, issued.RoleArn);
    }

    [Fact]
    public async Task Missing_sni_completes_the_handshake_and_gets_403_certificate_invalid()
    {
        var response = await SendAsync(sni: null);

        Assert.Equal(403, response.Status);
        Assert.Equal("{\"message\":\"Certificate is invalid on this endpoint\"}", response.BodyText);
        Assert.Equal("AccessDeniedException", response.Header(IotProtocol.ErrorTypeHeader));
        Assert.Null(Assert.Single(_emulator.Requests).Sni);
    }

    [Fact]
    public async Task Wrong_sni_gets_403_certificate_invalid()
    {
        var response = await SendAsync(sni: "abc.iot.us-east-1.amazonaws.com");

        Assert.Equal(403, response.Status);
        Assert.Contains(IotProtocol.CertificateInvalidMessage, response.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_certificate_completes_the_handshake_and_gets_403_at_http_level()
    {
        using var stranger = TestDevices.CreateDevice("stranger");

        var response = await SendAsync(certificate: stranger);

        Assert.Equal(403, response.Status);
        Assert.Contains(IotProtocol.CertificateInvalidMessage, response.BodyText, StringComparison.Ordinal);
        Assert.Equal(TestDevices.CertificateId(stranger), Assert.Single(_emulator.Requests).CertificateId);
    }

    [Fact]
    public async Task No_client_certificate_gets_403_certificate_invalid()
    {
        var response = await RawHttps.SendAsync(_emulator.Port, "localhost", null, _emulator.RootCertificate, RawHttps.Request(CredentialsPath, "localhost"));

        Assert.Equal(403, response.Status);
        Assert.Contains(IotProtocol.CertificateInvalidMessage, response.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_thing_name_on_the_wire_gets_403_invalid_thing()
    {
        var response = await SendAsync(request: RawHttps.Request(CredentialsPath, "localhost", "someone-else"));

        Assert.Equal(403, response.Status);
        Assert.Equal("{\"message\":\"Invalid thing name passed\"}", response.BodyText);
    }

    [Fact]
    public async Task Other_paths_get_the_data_endpoint_not_found_with_a_trace_id()
    {
        var response = await SendAsync(request: RawHttps.Request("/things/client1/shadow", "localhost"));

        Assert.Equal(404, response.Status);
        using var body = JsonDocument.Parse(response.Body);
        Assert.Equal("Not Found", body.RootElement.GetProperty("message").GetString());
        Assert.True(Guid.TryParse(body.RootElement.GetProperty("traceId").GetString(), out _));
    }

    [Fact]
    public async Task Empty_host_header_gets_500()
    {
        var response = await SendAsync(request: RawHttps.Request(CredentialsPath, ""));

        Assert.Equal(500, response.Status);
    }

    [Fact]
    public async Task Http10_request_without_host_gets_500()
    {
        var response = await SendAsync(request: $"GET {CredentialsPath} HTTP/1.0\r\n\r\n");

        Assert.Equal(500, response.Status);
    }

    [Fact]
    public async Task Http11_request_without_a_host_line_is_refused_by_kestrel_with_400()
    {
        var response = await SendAsync(request: $"GET {CredentialsPath} HTTP/1.1\r\nConnection: close\r\n\r\n");

        Assert.Equal(400, response.Status);
        Assert.Empty(_emulator.Requests);
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Speaks_tls_1_2_and_1_3(SslProtocols protocol)
    {
        var response = await SendAsync(protocols: protocol);

        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task Every_answer_has_a_fresh_request_id_and_the_injected_date()
    {
        var first = await SendAsync();
        _clock.Advance(TimeSpan.FromMinutes(1));
        var second = await SendAsync(sni: null);

        Assert.True(Guid.TryParse(first.Header(IotProtocol.RequestIdHeader), out _));
        Assert.NotEqual(first.Header(IotProtocol.RequestIdHeader), second.Header(IotProtocol.RequestIdHeader));
        Assert.Equal("Sat, 28 Nov 2026 22:45:03 GMT", first.Header("Date"));
        Assert.Equal("Sat, 28 Nov 2026 22:46:03 GMT", second.Header("Date"));
    }

    [Fact]
    public async Task Registry_changes_apply_to_the_next_request()
    {
        Assert.Equal(200, (await SendAsync()).Status);

        _emulator.Registry.Update(d => d.Roles[0].TrustsCredentialsProvider = false);
        var response = await SendAsync();

        Assert.Equal(400, response.Status);
        Assert.Contains(IotProtocol.UnableToAssumeRoleMessage, response.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_log_records_every_request_without_secrets()
    {
        var ok = await SendAsync();
        await SendAsync(sni: null);

        var requests = _emulator.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal((200, "localhost", TestWorld.Thing, "GET", CredentialsPath), (requests[0].Status, requests[0].Sni, requests[0].ThingName, requests[0].Method, requests[0].Path));
        Assert.Equal(ok.Header(IotProtocol.RequestIdHeader), requests[0].RequestId);
        Assert.Equal(403, requests[1].Status);
        var secret = JsonDocument.Parse(ok.Body).RootElement.GetProperty("credentials").GetProperty("secretAccessKey").GetString()!;
        Assert.DoesNotContain(secret, requests[0].ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, _emulator.Issued[0].ToString(), StringComparison.Ordinal);
    }
}
