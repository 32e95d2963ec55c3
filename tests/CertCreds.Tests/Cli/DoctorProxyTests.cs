using System.Net;
using System.Net.Sockets;
using CertCreds.Emulator.Hosting;
using CertCreds.Emulator.State;
using CertCreds.Errors;
using CertCreds.Testing;

namespace CertCreds.Tests.Cli;

/// <summary><c>doctor</c> behind HTTPS_PROXY: the request still runs (it is the only check then), and a dead proxy is named.</summary>
public sealed class DoctorProxyTests : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("certcreds-doctor-proxy-").FullName;
    private EmulatorServer server = null!;
    private EmulatorStateDirectory state = null!;

    public async Task InitializeAsync()
    {
        state = EmulatorStateDirectory.Open(Path.Combine(folder, "state"));
        server = await EmulatorServer.StartAsync(new EmulatorServerOptions { StateDirectory = state, Port = 0 });
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    private Task<CliRun> DoctorAsync(string proxy)
    {
        var client = state.Thing(EmulatorStateDirectory.SeedThingName);
        return CliHarness.RunAsync(
            folder,
            new Dictionary<string, string> { ["HTTPS_PROXY"] = proxy },
            null,
            "doctor", "--endpoint", server.Endpoint, "--role-alias", EmulatorStateDirectory.SeedRoleAlias, "--certificate", client.CertificatePath, "--private-key", client.PrivateKeyPath, "--ca-cert", state.RootCaPath, "--timeout", "3");
    }

    [Fact]
    public async Task A_dead_proxy_fails_the_request_check_naming_the_proxy_instead_of_passing_everything()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var closed = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var run = await DoctorAsync($"http://127.0.0.1:{closed}");
        Assert.Equal(ExitCodes.Transient, run.ExitCode);
        Assert.Contains($"failed at the proxy 127.0.0.1:{closed} from HTTPS_PROXY", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("All checks passed", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_working_proxy_lets_the_request_check_run_and_pass()
    {
        await using var proxy = new ConnectProxy();
        var run = await DoctorAsync(proxy.Url);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("[pass] request", run.Stdout, StringComparison.Ordinal);
        Assert.Equal([server.Endpoint], proxy.Targets);
    }
}
