using System.Text.Json;
using CertCreds.Emulator.Faults;
using CertCreds.Emulator.Hosting;
using CertCreds.Testing;

namespace CertCreds.Tests.Cli;

/// <summary>
/// credential-process with its cache, in-process against the emulator, with a clock that can jump ahead so
/// cached credentials age in a test's time.
/// </summary>
public sealed class CredentialProcessCacheTests : IAsyncLifetime
{
    private readonly InProcessEmulator emulator = new();
    private readonly OffsetTimeProvider clock = new();

    private EmulatorServer Server => emulator.Server;

    public Task InitializeAsync() => emulator.InitializeAsync();

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    private Task<CliRun> RunAsync(params string[] extra) =>
        CliHarness.RunAsync(emulator.Folder, new Dictionary<string, string> { ["HOME"] = emulator.Folder }, clock, [.. emulator.Arguments(extra)]);

    private static string AccessKeyId(CliRun run) => JsonDocument.Parse(run.Stdout).RootElement.GetProperty("AccessKeyId").GetString()!;

    [Fact]
    public async Task Credentials_near_the_refresh_window_are_refreshed_on_the_next_call()
    {
        var first = await RunAsync();
        clock.Offset = TimeSpan.FromMinutes(30);
        var stillFresh = await RunAsync();
        clock.Offset = TimeSpan.FromMinutes(45);
        var refreshed = await RunAsync();
        Assert.Equal(AccessKeyId(first), AccessKeyId(stillFresh));
        Assert.NotEqual(AccessKeyId(first), AccessKeyId(refreshed));
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task Scripted_503s_during_a_refresh_fall_back_to_the_cached_credentials_with_a_warning()
    {
        var first = await RunAsync();
        Assert.True(first.ExitCode == 0, first.ToString());
        clock.Offset = TimeSpan.FromMinutes(46);
        for (var i = 0; i < 10; i++)
        {
            Server.Faults.Enqueue(FaultSpec.WithStatus(503));
        }

        var stale = await RunAsync("--timeout", "1.5");
        Assert.True(stale.ExitCode == 0, stale.ToString());
        Assert.Equal(AccessKeyId(first), AccessKeyId(stale));
        Assert.Contains("warning: refreshing credentials failed", stale.Stderr, StringComparison.Ordinal);
        Assert.Contains("503", stale.Stderr, StringComparison.Ordinal);
        Assert.True(Server.Requests.Count >= 2);
    }

    [Fact]
    public async Task A_permanent_rejection_during_a_refresh_is_reported_even_with_cached_credentials()
    {
        Assert.Equal(0, (await RunAsync()).ExitCode);
        clock.Offset = TimeSpan.FromMinutes(46);
        Server.Registry.Update(r => r.Policies.Clear());
        var run = await RunAsync();
        Assert.Equal(CertCreds.Errors.ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public async Task Stale_credentials_too_close_to_expiry_are_never_handed_out()
    {
        Assert.Equal(0, (await RunAsync()).ExitCode);
        clock.Offset = TimeSpan.FromMinutes(50);
        for (var i = 0; i < 10; i++)
        {
            Server.Faults.Enqueue(FaultSpec.WithStatus(503));
        }

        var run = await RunAsync("--timeout", "1.5");
        Assert.Equal(CertCreds.Errors.ExitCodes.Transient, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
    }
}
