using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using CertCreds.Emulator.Hosting;
using CertCreds.Protocol;
using CertCreds.Testing.Emulator;

namespace CertCreds.Tests.Emulator;

public sealed class StsModeTests : IAsyncLifetime
{
    private const string CredentialsPath = "/role-aliases/" + TestWorld.Alias + "/credentials";
    private readonly X509Certificate2 _device = TestDevices.CreateDevice();
    private MotoServer _moto = null!;

    public async Task InitializeAsync() => _moto = await MotoServer.StartAsync();

    public Task DisposeAsync()
    {
        _moto.Dispose();
        _device.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Credentials_come_from_sts_assume_role_with_the_certificate_id_as_session_name()
    {
        var certificateId = TestDevices.CertificateId(_device);
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorServerOptions
        {
            Registry = TestWorld.For(certificateId),
            StsEndpoint = _moto.Endpoint,
            StsCallerCredentials = new BasicAWSCredentials("testing", "testing"),
        });

        var response = await RawHttps.SendAsync(emulator.Port, "localhost", _device, emulator.RootCertificate, RawHttps.Request(CredentialsPath, emulator.Endpoint, TestWorld.Thing));

        Assert.Equal(200, response.Status);
        var credentials = JsonSerializer.Deserialize(response.Body, ProtocolJsonContext.Default.ProviderSuccess)!.Credentials!;
        Assert.StartsWith("ASIA", credentials.AccessKeyId, StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", credentials.Expiration);
        Assert.Equal("sts", Assert.Single(emulator.Issued).Source);

        using var sts = new AmazonSecurityTokenServiceClient(
            new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken),
            new AmazonSecurityTokenServiceConfig { ServiceURL = _moto.Endpoint.ToString(), AuthenticationRegion = "us-east-1" });
        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.EndsWith($"assumed-role/iot-roles-anywhere-role/{certificateId}", identity.Arn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_sts_gets_400_unable_to_assume_and_the_reason_is_logged()
    {
        using var log = new StringWriter();
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorServerOptions
        {
            Registry = TestWorld.For(TestDevices.CertificateId(_device)),
            StsEndpoint = new Uri("http://127.0.0.1:9"),
            StsCallerCredentials = new BasicAWSCredentials("testing", "testing"),
            Log = TextWriter.Synchronized(log),
        });

        var response = await RawHttps.SendAsync(emulator.Port, "localhost", _device, emulator.RootCertificate, RawHttps.Request(CredentialsPath, emulator.Endpoint));

        Assert.Equal(400, response.Status);
        Assert.Contains(IotProtocol.UnableToAssumeRoleMessage, response.BodyText, StringComparison.Ordinal);
        Assert.Contains("sts:AssumeRole", log.ToString(), StringComparison.Ordinal);
        Assert.Empty(emulator.Issued);
    }

    [Fact]
    public async Task Without_being_asked_the_emulator_signs_sts_calls_with_dummy_keys_not_the_operators()
    {
        // A fake STS that only records the request head: the signature names the access key that signed it.
        using var sts = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        sts.Start();
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorServerOptions
        {
            Registry = TestWorld.For(TestDevices.CertificateId(_device)),
            StsEndpoint = new Uri($"http://127.0.0.1:{((System.Net.IPEndPoint)sts.LocalEndpoint).Port}"),
        });

        var device = RawHttps.SendAsync(emulator.Port, "localhost", _device, emulator.RootCertificate, RawHttps.Request(CredentialsPath, emulator.Endpoint, TestWorld.Thing));
        using var accept = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using (var connection = await sts.AcceptTcpClientAsync(accept.Token))
        {
            var stream = connection.GetStream();
            var head = new System.Text.StringBuilder();
            var buffer = new byte[4096];
            while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && head.Length < 65536)
            {
                var read = await stream.ReadAsync(buffer, accept.Token);
                Assert.True(read > 0, "the emulator closed the STS connection before sending its headers");
                head.Append(System.Text.Encoding.ASCII.GetString(buffer, 0, read));
            }

            Assert.Contains("Credential=AKIAEMULATORDUMMYKEY/", head.ToString(), StringComparison.Ordinal);
            await stream.WriteAsync("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), accept.Token);
        }

        Assert.Equal(400, (await device).Status);
    }

    [Fact]
    public async Task An_sts_endpoint_in_the_registry_file_is_ignored_and_named_in_the_log()
    {
        using var log = new StringWriter();
        var registry = TestWorld.For(TestDevices.CertificateId(_device));
        registry.Settings.StsEndpoint = _moto.Endpoint.ToString();
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorServerOptions { Registry = registry, Log = TextWriter.Synchronized(log) });

        var response = await RawHttps.SendAsync(emulator.Port, "localhost", _device, emulator.RootCertificate, RawHttps.Request(CredentialsPath, emulator.Endpoint, TestWorld.Thing));

        Assert.Equal(200, response.Status);
        Assert.Equal("local", Assert.Single(emulator.Issued).Source);
        Assert.Contains("stsEndpoint is ignored", log.ToString(), StringComparison.Ordinal);
    }
}
