using CertCreds.Testing;

namespace CertCreds.EndToEnd;

/// <summary>
/// credential-process's first cache level with the published binary and the real kernel keyring: a second call is a
/// keyring hit that maps no OpenSSL, <c>cache clear</c> empties it, and where the user keyring cannot be used the
/// encrypted file cache still serves. In the user-keyring collection: <c>cache clear</c> empties every certcreds
/// entry of the user, so tests that expect a hit must not run beside one that clears.
/// </summary>
[Collection("UserKeyring")]
public sealed class KeyringWarmCacheEndToEndTests : IAsyncLifetime
{
    // keyctl(KEYCTL_SETPERM, KEY_SPEC_USER_KEYRING, 0): nobody, not even the owner, may search or write @u any more.
    // ENOKEY means this user has no user keyring to lock (seen under runuser in some containers): already unusable.
    private const string LockUserKeyring = """
        import ctypes, os, sys
        libc = ctypes.CDLL(None, use_errno=True)
        nr = 250 if os.uname().machine == "x86_64" else 219
        r = libc.syscall(ctypes.c_long(nr), ctypes.c_long(5), ctypes.c_long(-4), ctypes.c_long(0), ctypes.c_long(0), ctypes.c_long(0))
        e = ctypes.get_errno()
        sys.exit(0 if r == 0 or e == 126 else e)
        """;

    private readonly InProcessEmulator emulator = new();

    public Task InitializeAsync() => emulator.InitializeAsync();

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    private Task<CliRun> RunAsync(params (string Name, string Value)[] environment) =>
        ProcessRunner.RunAsync(PublishedBinary.Path, emulator.Arguments(), ProcessRunner.CleanEnvironment(emulator.Folder, [("CERTCREDS_TRACE", "1"), .. environment]));

    /// <summary>The shared objects the dynamic linker loaded in a run, from its LD_DEBUG=libs log.</summary>
    private async Task<string> LoadedLibrariesAsync(Func<(string, string)[], Task<CliRun>> run, string name)
    {
        var prefix = Path.Combine(emulator.Folder, "ld-" + name);
        var result = await run([("LD_DEBUG", "libs"), ("LD_DEBUG_OUTPUT", prefix)]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var logs = Directory.GetFiles(emulator.Folder, "ld-" + name + ".*");
        Assert.NotEmpty(logs);
        return string.Join('\n', await Task.WhenAll(logs.Select(log => File.ReadAllTextAsync(log))));
    }

    [Fact]
    public async Task A_second_call_is_a_keyring_hit_that_loads_neither_openssl_nor_the_identity()
    {
        var first = await RunAsync();
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("cache: keyring stored until", first.Stderr, StringComparison.Ordinal);

        var second = await RunAsync();
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("cache: keyring hit", second.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("identity:", second.Stderr, StringComparison.Ordinal);
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Single(emulator.Server.Requests);

        var warm = await LoadedLibrariesAsync(RunAsync, "warm");
        Assert.DoesNotContain("libssl", warm, StringComparison.Ordinal);
        Assert.DoesNotContain("libcrypto", warm, StringComparison.Ordinal);

        // The same probe sees OpenSSL when a call does load it: the absence above is not the probe's blindness.
        var cold = await LoadedLibrariesAsync(environment => RunAsync([("CERTCREDS_NO_CACHE", "1"), .. environment]), "cold");
        Assert.Contains("libssl", cold, StringComparison.Ordinal);
        Assert.Contains("libcrypto", cold, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cache_clear_removes_the_keyring_entry_so_the_next_call_asks_the_endpoint()
    {
        Assert.Equal(0, (await RunAsync()).ExitCode);
        Assert.Contains("cache: keyring hit", (await RunAsync()).Stderr, StringComparison.Ordinal);
        var clear = await ProcessRunner.RunAsync(PublishedBinary.Path, ["cache", "clear"], ProcessRunner.CleanEnvironment(emulator.Folder));
        Assert.True(clear.ExitCode == 0, clear.ToString());
        Assert.Matches("and [1-9][0-9]* from the kernel keyring", clear.Stderr);

        var after = await RunAsync();
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.Contains("cache: keyring miss", after.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, emulator.Server.Requests.Count);
    }

    [RootFact]
    public async Task Where_the_user_keyring_refuses_access_the_file_cache_serves_alone()
    {
        var folder = Directory.CreateTempSubdirectory("certcreds-nokeyring-").FullName;
        await using var user = await LocalUser.CreateAsync();
        try
        {
            var client = emulator.Client1;
            File.Copy(client.CertificatePath, Path.Combine(folder, "cert.pem"));
            File.Copy(client.PrivateKeyPath, Path.Combine(folder, "key.pem"));
            File.Copy(emulator.State.RootCaPath, Path.Combine(folder, "ca.pem"));
            var script = Path.Combine(folder, "lock.py");
            await File.WriteAllTextAsync(script, LockUserKeyring);
            var chown = await ProcessRunner.RunAsync("chown", ["-R", user.Name, folder], ProcessRunner.CleanEnvironment("/"));
            Assert.True(chown.ExitCode == 0, chown.ToString());
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute | UnixFileMode.OtherRead);
            File.SetUnixFileMode(PublishedBinary.Path, File.GetUnixFileMode(PublishedBinary.Path) | UnixFileMode.OtherExecute | UnixFileMode.OtherRead);

            var call = $"{PublishedBinary.Path} credential-process --endpoint {emulator.Server.Endpoint} --role-alias {CertCreds.Emulator.State.EmulatorStateDirectory.SeedRoleAlias} --certificate {folder}/cert.pem --private-key {folder}/key.pem --ca-cert {folder}/ca.pem";
            var shell = $"set -e; export HOME={folder} CERTCREDS_TRACE=1; python3 {script}; {call}; echo; {call}";
            var run = await user.RunAsync("sh", ["-c", shell]);
            Assert.True(run.ExitCode == 0, run.ToString());
            // Locked: the search is refused (EACCES). No user keyring at all: the search misses and the store is refused.
            Assert.True(
                run.Stderr.Contains("cache: keyring unavailable (errno 13)", StringComparison.Ordinal) || run.Stderr.Contains("cache: keyring not stored (errno", StringComparison.Ordinal),
                run.ToString());
            Assert.DoesNotContain("cache: keyring hit", run.Stderr, StringComparison.Ordinal);
            Assert.Contains("cache: Fetched", run.Stderr, StringComparison.Ordinal);
            Assert.Contains("cache: Hit", run.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("keyring stored", run.Stderr, StringComparison.Ordinal);
            Assert.Single(emulator.Server.Requests);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
