using System.Security.Cryptography.X509Certificates;
using CertCreds.Certificates;
using CertCreds.Emulator.Faults;
using CertCreds.Emulator.Hosting;
using CertCreds.Emulator.State;
using CertCreds.Errors;
using CertCreds.Platform;
using CertCreds.Providers;
using CertCreds.Testing.Emulator;

namespace CertCreds.Tests.Emulator;

/// <summary>The project's own client against the emulator, from the seeded files, as the CLI will use them.</summary>
public sealed class CoreClientAgainstEmulatorTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _dir = new();
    private EmulatorServer _emulator = null!;
    private EmulatorStateDirectory _state = null!;

    public async Task InitializeAsync()
    {
        _state = EmulatorStateDirectory.Open(_dir.Path);
        _emulator = await EmulatorServer.StartAsync(new EmulatorServerOptions { StateDirectory = _state });
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    private async Task<(IotCredentialsProvider Provider, Task<CertCreds.Credentials.TemporaryCredentials> Fetch)> FetchAsync(string alias = EmulatorStateDirectory.SeedRoleAlias)
    {
        var client = _state.Thing(EmulatorStateDirectory.SeedThingName);
        var identity = new DeviceIdentity(X509Certificate2.CreateFromPemFile(client.CertificatePath, client.PrivateKeyPath), []);
        var anchors = TrustAnchors.FromFile(new FileReader(_dir.Path), _state.RootCaPath);
        var recorder = new TlsFailureRecorder();
        var handler = MutualTlsHandlerFactory.Create(identity, anchors, recorder, null, TimeSpan.FromSeconds(5));
        var provider = new IotCredentialsProvider(new HttpMessageInvoker(handler), TimeProvider.System, recorder, () => 0.0);
        var endpoint = IotEndpoint.Parse(File.ReadAllText(_state.EndpointPath));
        await Task.Yield();
        return (provider, provider.FetchAsync(new IotCredentialsRequest(endpoint, alias, EmulatorStateDirectory.SeedThingName), TimeSpan.FromSeconds(30), CancellationToken.None));
    }

    [Fact]
    public async Task Core_client_gets_credentials_from_the_seeded_emulator()
    {
        var (_, fetch) = await FetchAsync();

        var credentials = await fetch;

        Assert.Equal(Assert.Single(_emulator.Issued).AccessKeyId, credentials.AccessKeyId);
        Assert.InRange(credentials.Expiration - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
    }

    [Fact]
    public async Task Core_client_retries_a_scripted_503_and_then_succeeds()
    {
        _emulator.Faults.Enqueue(FaultSpec.WithStatus(503));
        var (provider, fetch) = await FetchAsync();

        await fetch;

        Assert.Equal(2, provider.Attempts);
        Assert.Equal([503, 200], _emulator.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task Core_client_does_not_retry_a_missing_alias()
    {
        _emulator.Registry.Update(d => d.Policies[0].AllowedRoleAliasArns.Add("*"));
        var (provider, fetch) = await FetchAsync("typo");

        await Assert.ThrowsAnyAsync<CertCredsException>(() => fetch);

        Assert.Equal(1, provider.Attempts);
        Assert.Equal(404, Assert.Single(_emulator.Requests).Status);
    }
}
