using System.Diagnostics;
using System.Security.Cryptography;
using CertCreds.Emulator.Faults;
using CertCreds.Errors;
using CertCreds.Testing;

namespace CertCreds.EndToEnd;

/// <summary>
/// The published binary against special files, planted links, a full disk and signals: each case ends within a
/// few seconds with the right exit code and one line on stderr, and never changes a file it should not.
/// </summary>
// The FIFO test clears the user's keyring entries, which the other members of this collection rely on.
[Collection("UserKeyring")]
public sealed class HostileFilesEndToEndTests : IAsyncLifetime
{
    /// <summary>Generous for a 2-core CI machine; a hang (the old behaviour) would run until the 60 s test limit.</summary>
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(10);

    private readonly InProcessEmulator emulator = new();

    public Task InitializeAsync() => emulator.InitializeAsync();

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    private string Home => emulator.Folder;

    private Task<CliRun> RunAsync(IEnumerable<string> args, params (string Name, string Value)[] environment) =>
        ProcessRunner.RunAsync(PublishedBinary.Path, args, ProcessRunner.CleanEnvironment(Home, environment), timeout: Prompt);

    private static void AssertOneLineFailure(CliRun run, int exitCode, string expected)
    {
        Assert.True(run.ExitCode == exitCode, run.ToString());
        Assert.Equal(string.Empty, run.Stdout);
        var lines = run.Stderr.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length == 1, "expected one line on stderr: " + run.Stderr);
        Assert.StartsWith("certcreds: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
    }

    private static string MakeFifo(string path)
    {
        using var process = Process.Start("mkfifo", [path]);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return path;
    }

    /// <summary>The seed key re-encrypted, so that the password file is actually read.</summary>
    private string EncryptedSeedKey()
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(emulator.Client1.PrivateKeyPath));
        var path = Path.Combine(Home, "encrypted.pem.key");
        File.WriteAllText(path, TestIdentities.EncryptedPkcs8Pem(rsa, "pw"));
        return path;
    }

    private List<string> With(string option, string value, params string[] extra)
    {
        var args = emulator.Arguments([.. extra, "--no-cache"]);
        var index = args.IndexOf(option);
        if (index < 0)
        {
            args.AddRange([option, value]);
        }
        else
        {
            args[index + 1] = value;
        }

        return args;
    }

    [Theory]
    [InlineData("--certificate")]
    [InlineData("--private-key")]
    [InlineData("--ca-cert")]
    [InlineData("--private-key-password-file")]
    public async Task A_fifo_as_an_input_file_is_an_identity_error_at_once(string option)
    {
        var fifo = MakeFifo(Path.Combine(Home, "planted-fifo"));
        var args = option == "--private-key-password-file"
            ? With("--private-key", EncryptedSeedKey(), option, fifo)
            : With(option, fifo);
        var run = await RunAsync(args);
        AssertOneLineFailure(run, ExitCodes.Identity, "FIFO");
        Assert.Contains(fifo, run.Stderr, StringComparison.Ordinal);
        Assert.Empty(emulator.Server.Requests);
    }

    [Theory]
    [InlineData("--certificate", "/dev/zero")]
    [InlineData("--private-key", "/dev/urandom")]
    [InlineData("--ca-cert", "/dev/zero")]
    public async Task A_device_as_an_input_file_is_an_identity_error_at_once(string option, string device)
    {
        var run = await RunAsync(With(option, device));
        AssertOneLineFailure(run, ExitCodes.Identity, $"{device} is a character device, not a regular file");
    }

    [Fact]
    public async Task A_fifo_planted_as_a_cache_entry_is_a_miss_and_replaced()
    {
        var first = await RunAsync(emulator.Arguments());
        Assert.True(first.ExitCode == 0, first.ToString());
        var entry = Assert.Single(Directory.GetFiles(Path.Combine(Home, ".cache", "certcreds"), "*.cache"));

        // `cache clear` empties the keyring level too, so the second call reaches the file level this test is about.
        var clear = await RunAsync(["cache", "clear"]);
        Assert.True(clear.ExitCode == 0, clear.ToString());
        MakeFifo(entry);
        var second = await RunAsync(emulator.Arguments());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(2, emulator.Server.Requests.Count);
        Assert.True(new FileInfo(entry).Length > 0, "the FIFO was replaced by a regular entry");
    }

    [Fact]
    public async Task A_symlinked_cache_folder_is_refused_with_a_warning_and_nothing_is_written_where_it_points()
    {
        var target = Directory.CreateDirectory(Path.Combine(Home, "elsewhere")).FullName;
        File.SetUnixFileMode(target, (UnixFileMode)Convert.ToInt32("755", 8));
        Directory.CreateDirectory(Path.Combine(Home, ".cache"));
        File.CreateSymbolicLink(Path.Combine(Home, ".cache", "certcreds"), target);
        var run = await RunAsync(emulator.Arguments());
        Assert.True(run.ExitCode == 0, run.ToString());
        var line = Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("certcreds: warning: the cache folder", line, StringComparison.Ordinal);
        Assert.Contains("symbolic link", line, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(target));
        Assert.Equal((UnixFileMode)Convert.ToInt32("755", 8), File.GetUnixFileMode(target));
    }

    [Fact]
    public async Task Dev_full_as_the_credentials_file_is_refused_and_left_a_device()
    {
        var args = emulator.Arguments("--profile-name", "device", "--once");
        args[0] = "update";
        var run = await RunAsync(args, ("AWS_SHARED_CREDENTIALS_FILE", "/dev/full"));
        AssertOneLineFailure(run, ExitCodes.Usage, "/dev/full is a character device, not a regular file");
        Assert.False(File.Exists("/dev/full.lock"));
        Assert.Empty(emulator.Server.Requests);
    }

    [Fact]
    public async Task A_symlink_planted_as_the_credentials_lock_file_is_not_followed()
    {
        var aws = Directory.CreateDirectory(Path.Combine(Home, ".aws")).FullName;
        var victim = Path.Combine(Home, "victim");
        File.CreateSymbolicLink(Path.Combine(aws, "credentials.lock"), victim);
        var args = emulator.Arguments("--profile-name", "device", "--once");
        args[0] = "update";
        var run = await RunAsync(args);
        AssertOneLineFailure(run, ExitCodes.Usage, "is a symbolic link, which certcreds never follows");
        Assert.False(File.Exists(victim));
        Assert.False(File.Exists(Path.Combine(aws, "credentials")));
    }

    [Fact]
    public async Task A_full_disk_says_disk_full_and_leaves_the_credentials_file_intact()
    {
        Assert.True(Environment.UserName == "root", "mounting a small tmpfs needs root (CI runs as root)");
        var mount = Directory.CreateDirectory(Path.Combine(Home, "small")).FullName;
        Run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount);
        try
        {
            var credentials = Path.Combine(mount, "credentials");
            const string Before = "[other]\naws_access_key_id = AKIAKEEP\n";
            File.WriteAllText(credentials, Before);
            // Fill what is left, so the temporary file cannot get a single block.
            try
            {
                using var filler = File.OpenWrite(Path.Combine(mount, "filler"));
                var block = new byte[4096];
                while (true)
                {
                    filler.Write(block);
                    filler.Flush(flushToDisk: true);
                }
            }
            catch (IOException)
            {
                // ENOSPC: the disk is full now.
            }

            var args = emulator.Arguments("--profile-name", "device", "--once");
            args[0] = "update";
            var run = await RunAsync(args, ("AWS_SHARED_CREDENTIALS_FILE", credentials));
            AssertOneLineFailure(run, ExitCodes.Usage, "disk full");
            Assert.Contains(credentials, run.Stderr, StringComparison.Ordinal);
            Assert.Equal(Before, File.ReadAllText(credentials));
            Assert.Empty(Directory.GetFiles(mount, "*.tmp"));
        }
        finally
        {
            Run("umount", mount);
        }
    }

    [Fact]
    public async Task Sigterm_ends_credential_process_promptly_with_a_non_zero_exit()
    {
        // The endpoint answers after 30 s; the deadline is 60 s: only the signal can end the call early.
        emulator.Server.Faults.Enqueue(FaultSpec.Delay(30_000));
        var info = new ProcessStartInfo(PublishedBinary.Path) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in emulator.Arguments("--no-cache", "--timeout", "60"))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Clear();
        foreach (var (name, value) in ProcessRunner.CleanEnvironment(Home))
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (emulator.Server.Requests.Count == 0 && emulator.Server.Faults.Count > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            await Task.Delay(200);
            var signalled = Stopwatch.StartNew();
            Run("kill", "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var timeout = new CancellationTokenSource(Prompt);
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(signalled.Elapsed < TimeSpan.FromSeconds(5), $"took {signalled.Elapsed} after SIGTERM");
            Assert.NotEqual(0, process.ExitCode);
            Assert.Equal(string.Empty, await stdout);
            Assert.Single((await stderr).TrimEnd('\n').Split('\n'));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task An_empty_thing_name_is_a_usage_error()
    {
        var run = await RunAsync(emulator.Arguments("--thing-name", string.Empty));
        AssertOneLineFailure(run, ExitCodes.Usage, "--thing-name is empty");
        Assert.Empty(emulator.Server.Requests);
    }

    [Fact]
    public async Task Pem_files_with_a_utf8_byte_order_mark_are_accepted()
    {
        string WithBom(string path, string name)
        {
            var copy = Path.Combine(Home, name);
            File.WriteAllBytes(copy, [0xEF, 0xBB, 0xBF, .. File.ReadAllBytes(path)]);
            return copy;
        }

        var args = emulator.Arguments("--no-cache");
        args[args.IndexOf("--certificate") + 1] = WithBom(emulator.Client1.CertificatePath, "bom-cert.pem");
        args[args.IndexOf("--private-key") + 1] = WithBom(emulator.Client1.PrivateKeyPath, "bom-key.pem");
        args[args.IndexOf("--ca-cert") + 1] = WithBom(emulator.State.RootCaPath, "bom-ca.pem");
        var run = await RunAsync(args);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("AccessKeyId", run.Stdout, StringComparison.Ordinal);
    }

    private static void Run(string tool, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, args) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', args)}: {error}");
    }
}
