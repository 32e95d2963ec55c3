using System.Text.Json;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using CertCreds.Emulator.Hosting;
using CertCreds.Emulator.RolesAnywhere;
using CertCreds.Testing.Emulator;
using CertCreds.Testing.RolesAnywhere;

namespace CertCreds.Tests.Emulator;

/// <summary>CreateSession in STS mode: credentials come from sts:AssumeRole on moto, so the session is the role.</summary>
public sealed class RolesAnywhereStsModeTests(RolesAnywhereTestWorld world) : IClassFixture<RolesAnywhereTestWorld>, IAsyncLifetime
{
    private MotoServer _moto = null!;

    public async Task InitializeAsync() => _moto = await MotoServer.StartAsync();

    public Task DisposeAsync()
    {
        _moto.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Credentials_come_from_sts_assume_role_and_get_caller_identity_shows_the_role_and_the_serial()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorServerOptions
        {
            Registry = world.Registry(),
            StsEndpoint = _moto.Endpoint,
            StsCallerCredentials = new BasicAWSCredentials("testing", "testing"),
        });
        using var client = EmulatorClients.Create(emulator.RootCertificate, null);
        using var request = SignedSessionRequest.Create(new Uri($"https://localhost:{emulator.RolesAnywherePort}"), world.EcDevice, world.Options(DateTimeOffset.UtcNow));

        using var response = await client.SendAsync(request);

        Assert.Equal(201, (int)response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var credentials = json.RootElement.GetProperty("credentialSet")[0].GetProperty("credentials");
        Assert.Equal("sts", Assert.Single(emulator.Issued).Source);
        using var sts = new AmazonSecurityTokenServiceClient(
            new SessionAWSCredentials(credentials.GetProperty("accessKeyId").GetString(), credentials.GetProperty("secretAccessKey").GetString(), credentials.GetProperty("sessionToken").GetString()),
            new AmazonSecurityTokenServiceConfig { ServiceURL = _moto.Endpoint.ToString(), AuthenticationRegion = "us-east-1" });
        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.EndsWith($"assumed-role/roles-anywhere-role/{world.EcDevice.SerialNumber.ToLowerInvariant()}", identity.Arn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_sts_is_refused_as_unable_to_assume_the_role_and_logged()
    {
        using var log = new StringWriter();
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorServerOptions
        {
            Registry = world.Registry(),
            StsEndpoint = new Uri("http://127.0.0.1:9"),
            StsCallerCredentials = new BasicAWSCredentials("testing", "testing"),
            Log = TextWriter.Synchronized(log),
        });
        using var client = EmulatorClients.Create(emulator.RootCertificate, null);
        using var request = SignedSessionRequest.Create(new Uri($"https://localhost:{emulator.RolesAnywherePort}"), world.RsaDevice, world.Options(DateTimeOffset.UtcNow));

        using var response = await client.SendAsync(request);

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Contains(RolesAnywhereMessages.UnableToAssumeRole, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("sts:AssumeRole", log.ToString(), StringComparison.Ordinal);
        Assert.Empty(emulator.Issued);
    }
}
