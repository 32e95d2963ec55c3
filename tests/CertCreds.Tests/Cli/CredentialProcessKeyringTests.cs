using System.Text.Json;
using CertCreds.Emulator.Hosting;
using CertCreds.Platform;
using CertCreds.Testing;

namespace CertCreds.Tests.Cli;

/// <summary>
/// credential-process's first cache level, the kernel keyring, in-process against the emulator with one
/// <see cref="MemoryKeyring"/> shared by the runs of a test (the real kernel calls are covered by KeyringCacheTests
/// and the end-to-end tests).
/// </summary>
public sealed class CredentialProcessKeyringTests : IAsyncLifetime
{
    private readonly InProcessEmulator emulator = new();
    private readonly OffsetTimeProvider clock = new();
    private readonly MemoryKeyring keyring = new();

    private EmulatorServer Server => emulator.Server;

    public Task InitializeAsync() => emulator.InitializeAsync();

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    private Task<CliRun> RunAsync(params string[] extra) =>
        CliHarness.RunAsync(emulator.Folder, new Dictionary<string, string> { ["HOME"] = emulator.Folder, ["CERTCREDS_TRACE"] = "1" }, clock, keyring, [.. emulator.Arguments(extra)]);

    private static string AccessKeyId(CliRun run) => JsonDocument.Parse(run.Stdout).RootElement.GetProperty("AccessKeyId").GetString()!;

    [Fact]
    public async Task A_second_call_is_a_keyring_hit_that_loads_no_identity_and_writes_the_stored_document_unchanged()
    {
        var first = await RunAsync();
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("cache: keyring miss", first.Stderr, StringComparison.Ordinal);
        Assert.Contains("cache: keyring stored until", first.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, keyring.Count);

        var second = await RunAsync();
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("cache: keyring hit", second.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("identity:", second.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("cache: Hit", second.Stderr, StringComparison.Ordinal);
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task A_rewritten_key_file_misses_the_keyring_and_is_loaded_again()
    {
        Assert.Equal(0, (await RunAsync()).ExitCode);
        var key = emulator.Client1.PrivateKeyPath;
        await File.WriteAllBytesAsync(key, await File.ReadAllBytesAsync(key));

        var second = await RunAsync();
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("cache: keyring miss", second.Stderr, StringComparison.Ordinal);
        Assert.Contains("identity:", second.Stderr, StringComparison.Ordinal);
        Assert.Single(Server.Requests);
        Assert.Equal(2, keyring.Count);
    }

    [Fact]
    public async Task A_key_file_whose_mode_changed_misses_the_keyring_so_a_key_made_unreadable_is_never_served_from_it()
    {
        Assert.Equal(0, (await RunAsync()).ExitCode);

        // chmod changes only the inode's ctime: that is enough to miss, and the load then sees the new mode.
        File.SetUnixFileMode(emulator.Client1.PrivateKeyPath, UnixFileMode.UserRead);
        var second = await RunAsync();
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("cache: keyring miss", second.Stderr, StringComparison.Ordinal);
        Assert.Contains("identity:", second.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_different_deadline_still_hits_but_a_different_trust_anchor_file_misses()
    {
        Assert.Equal(0, (await RunAsync()).ExitCode);
        var otherTimeout = await RunAsync("--timeout", "7");
        Assert.Contains("cache: keyring hit", otherTimeout.Stderr, StringComparison.Ordinal);

        var copy = Path.Combine(emulator.Folder, "ca-copy.pem");
        File.Copy(emulator.State.RootCaPath, copy);
        var args = emulator.Arguments();
        args[args.IndexOf("--ca-cert") + 1] = copy;
        var otherAnchors = await CliHarness.RunAsync(emulator.Folder, new Dictionary<string, string> { ["HOME"] = emulator.Folder, ["CERTCREDS_TRACE"] = "1" }, clock, keyring, [.. args]);
        Assert.True(otherAnchors.ExitCode == 0, otherAnchors.ToString());
        Assert.Contains("cache: keyring miss", otherAnchors.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_cache_neither_reads_nor_writes_the_keyring()
    {
        Assert.Equal(0, (await RunAsync("--no-cache")).ExitCode);
        Assert.Empty(keyring.Calls);
        var environment = new Dictionary<string, string> { ["HOME"] = emulator.Folder, ["CERTCREDS_NO_CACHE"] = "1" };
        Assert.Equal(0, (await CliHarness.RunAsync(emulator.Folder, environment, clock, keyring, [.. emulator.Arguments()])).ExitCode);
        Assert.Empty(keyring.Calls);
        Assert.Equal(2, Server.Requests.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(38)]
    public async Task A_blocked_keyctl_falls_back_to_the_file_cache(int errno)
    {
        keyring.FailAllWith = errno;
        var first = await RunAsync();
        var second = await RunAsync();
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"cache: keyring unavailable (errno {errno})", second.Stderr, StringComparison.Ordinal);
        Assert.Contains("cache: Hit", second.Stderr, StringComparison.Ordinal);
        Assert.Equal(AccessKeyId(first), AccessKeyId(second));
        Assert.Single(Server.Requests);
        Assert.DoesNotContain("add", keyring.Calls);
    }

    [Fact]
    public async Task Nothing_is_stored_when_it_would_use_more_than_half_of_the_key_quota()
    {
        keyring.QuotaAnswer = new KeyringQuota(10, 200, 9000, 20000);
        var first = await RunAsync();
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("not stored (errno 122: half of the key quota is in use)", first.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, keyring.Count);
        Assert.Contains("cache: Hit", (await RunAsync()).Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_past_their_hand_out_time_miss_the_keyring_and_are_refreshed()
    {
        var first = await RunAsync();
        clock.Offset = TimeSpan.FromMinutes(45);
        var later = await RunAsync();
        Assert.Contains("cache: keyring miss", later.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(AccessKeyId(first), AccessKeyId(later));
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task Cache_clear_removes_certcreds_keyring_entries_and_nothing_else()
    {
        Assert.Equal(0, (await RunAsync()).ExitCode);
        keyring.AddForeign("user", "krb:ccache:tkt");
        keyring.AddForeign("keyring", "certcreds:not-a-user-key");
        var clear = await CliHarness.RunAsync(emulator.Folder, new Dictionary<string, string> { ["HOME"] = emulator.Folder }, clock, keyring, "cache", "clear");
        Assert.True(clear.ExitCode == 0, clear.ToString());
        Assert.Contains("removed 1 cached credential from", clear.Stderr, StringComparison.Ordinal);
        Assert.Contains("and 1 from the kernel keyring", clear.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, keyring.Count);
        Assert.Contains("cache: keyring miss", (await RunAsync()).Stderr, StringComparison.Ordinal);
        Assert.Equal(2, Server.Requests.Count);
    }
}
