using System.Diagnostics;
using CertCreds.Credentials;
using CertCreds.Emulator.Faults;
using CertCreds.Testing;

namespace CertCreds.EndToEnd;

/// <summary>The credential cache across real processes: one endpoint call for many callers, crash safety, privacy. In the user-keyring collection because one test runs <c>cache clear</c>, which empties the keyring level too.</summary>
[Collection("UserKeyring")]
public sealed class CredentialCacheEndToEndTests : IAsyncLifetime
{
    private readonly InProcessEmulator emulator = new();

    public Task InitializeAsync() => emulator.InitializeAsync();

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    private string CacheFolder => Path.Combine(emulator.Folder, ".cache", "certcreds");

    private Task<CliRun> RunAsync(params string[] extra) =>
        ProcessRunner.RunAsync(PublishedBinary.Path, emulator.Arguments(extra), ProcessRunner.CleanEnvironment(emulator.Folder));

    [Fact]
    public async Task A_cold_call_then_a_warm_call_cost_one_endpoint_request()
    {
        var cold = await RunAsync();
        var warm = await RunAsync();
        Assert.True(cold.ExitCode == 0, cold.ToString());
        Assert.True(warm.ExitCode == 0, warm.ToString());
        Assert.Equal(cold.Stdout, warm.Stdout);
        Assert.Single(emulator.Server.Requests);
    }

    [Fact]
    public async Task Fifty_processes_started_at_once_make_exactly_one_endpoint_request()
    {
        var binary = PublishedBinary.Path;
        // A slow endpoint makes every process arrive while the first one is still fetching.
        emulator.Server.Faults.Enqueue(FaultSpec.Delay(500));
        var runs = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            ProcessRunner.RunAsync(binary, emulator.Arguments(), ProcessRunner.CleanEnvironment(emulator.Folder), timeout: TimeSpan.FromSeconds(60))));
        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.ToString()));
        Assert.Single(runs.Select(r => r.Stdout).Distinct());
        Assert.Single(emulator.Server.Requests);
    }

    [Fact]
    public async Task Cache_folder_and_entries_are_private()
    {
        var run = await RunAsync();
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(CacheFolder));
        var entry = Assert.Single(Directory.GetFiles(CacheFolder, "*.cache"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(entry));
        var secret = System.Text.Json.JsonDocument.Parse(run.Stdout).RootElement.GetProperty("SecretAccessKey").GetString()!;
        Assert.DoesNotContain(secret, await File.ReadAllTextAsync(entry), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_cache_asks_the_endpoint_every_time_and_writes_nothing()
    {
        Assert.Equal(0, (await RunAsync("--no-cache")).ExitCode);
        Assert.Equal(0, (await ProcessRunner.RunAsync(PublishedBinary.Path, emulator.Arguments(), ProcessRunner.CleanEnvironment(emulator.Folder, ("CERTCREDS_NO_CACHE", "1")))).ExitCode);
        Assert.Equal(2, emulator.Server.Requests.Count);
        Assert.False(Directory.Exists(CacheFolder));
    }

    [Fact]
    public async Task Cache_clear_forces_the_next_call_to_the_endpoint()
    {
        Assert.Equal(0, (await RunAsync()).ExitCode);
        var clear = await ProcessRunner.RunAsync(PublishedBinary.Path, ["cache", "clear"], ProcessRunner.CleanEnvironment(emulator.Folder));
        Assert.True(clear.ExitCode == 0, clear.ToString());
        Assert.Contains("removed 1 cached credential", clear.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync()).ExitCode);
        Assert.Equal(2, emulator.Server.Requests.Count);
    }

    [Fact]
    public async Task A_cache_file_copied_to_another_device_identity_is_not_readable()
    {
        Assert.Equal(0, (await RunAsync()).ExitCode);
        var client1Entry = Assert.Single(Directory.GetFiles(CacheFolder, "*.cache"));
        var other = emulator.State.AddThing("client2");
        var otherKey = new CacheKey("iot", emulator.Server.Endpoint, "alias-for-roles-anywhere", null, other.CertificateId);
        File.Copy(client1Entry, Path.Combine(CacheFolder, otherKey.Id + ".cache"));

        var args = emulator.Arguments();
        args[args.IndexOf("--certificate") + 1] = other.CertificatePath;
        args[args.IndexOf("--private-key") + 1] = other.PrivateKeyPath;
        var run = await ProcessRunner.RunAsync(PublishedBinary.Path, args, ProcessRunner.CleanEnvironment(emulator.Folder));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(2, emulator.Server.Requests.Count);
        Assert.Equal(other.CertificateId, emulator.Server.Requests[^1].CertificateId);
    }

    [Fact]
    public async Task A_writer_killed_mid_refresh_leaves_no_partial_file_and_no_stuck_lock()
    {
        var binary = PublishedBinary.Path;
        emulator.Server.Faults.Enqueue(FaultSpec.Delay(10_000));
        var info = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in emulator.Arguments("--timeout", "30"))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Clear();
        foreach (var (name, value) in ProcessRunner.CleanEnvironment(emulator.Folder))
        {
            info.Environment[name] = value;
        }

        using (var writer = Process.Start(info)!)
        {
            // Wait until it holds the lock and its request is in flight, then kill -9.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!Directory.Exists(CacheFolder) || Directory.GetFiles(CacheFolder, "*.lock").Length == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "the first process never took the lock");
                await Task.Delay(20);
            }

            await Task.Delay(300);
            writer.Kill();
            await writer.WaitForExitAsync();
        }

        var watch = Stopwatch.StartNew();
        var run = await RunAsync("--timeout", "5");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "the dead writer's lock must be released by the kernel");
        Assert.Empty(Directory.GetFiles(CacheFolder, "*.tmp"));
        Assert.Empty(Directory.GetFiles(CacheFolder, ".*.tmp"));
        Assert.Single(Directory.GetFiles(CacheFolder, "*.cache"));
    }
}
