using System.Text.Json;
using CertCreds.Errors;

namespace CertCreds.EndToEnd;

/// <summary>The <c>emulator</c> and <c>demo</c> verbs as a user runs them: real processes, real signals.</summary>
public sealed class EmulatorCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("certcreds-e2e-emulator-cmd-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Emulator_seeds_the_article_world_serves_it_and_stops_cleanly_on_sigterm()
    {
        var state = Path.Combine(folder, "state");
        var emulator = await EmulatorProcess.StartAsync(state, ProcessRunner.CleanEnvironment(folder));
        await using (emulator)
        {
            Assert.Matches("^localhost:\\d+$", emulator.Endpoint);
            Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", await File.ReadAllTextAsync(emulator.PrivateKeyFile()), StringComparison.Ordinal);
            using var registry = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(state, "emulator.json")));
            Assert.Contains(registry.RootElement.GetProperty("roleAliases").EnumerateArray(), a => a.GetProperty("name").GetString() == "alias-for-roles-anywhere");

            var run = await ProcessRunner.RunAsync(
                PublishedBinary.Path,
                ["credential-process", "--endpoint", emulator.Endpoint, "--role-alias", "alias-for-roles-anywhere", "--certificate", emulator.CertificateFile(), "--private-key", emulator.PrivateKeyFile(), "--ca-cert", emulator.CaFile, "--thing-name", "client1"],
                ProcessRunner.CleanEnvironment(folder));
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal(0, await emulator.StopAsync());
            Assert.Contains("stopped", emulator.Log, StringComparison.Ordinal);
            Assert.Contains("STS endpoint    : none (credentials minted locally)", emulator.Log, StringComparison.Ordinal);
            Assert.Contains("\"status\":200", await File.ReadAllTextAsync(Path.Combine(state, "requests.jsonl")), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Add_thing_creates_an_ec_device_that_a_running_emulator_accepts()
    {
        var state = Path.Combine(folder, "state");
        var emulator = await EmulatorProcess.StartAsync(state, ProcessRunner.CleanEnvironment(folder));
        await using (emulator)
        {
            var add = await ProcessRunner.RunAsync(PublishedBinary.Path, ["emulator", "add-thing", "--state-dir", state, "--thing-name", "sensor-7", "--key-type", "ec"], ProcessRunner.CleanEnvironment(folder));
            Assert.True(add.ExitCode == 0, add.ToString());
            Assert.StartsWith("-----BEGIN EC PRIVATE KEY-----", await File.ReadAllTextAsync(emulator.PrivateKeyFile("sensor-7")), StringComparison.Ordinal);

            var run = await ProcessRunner.RunAsync(
                PublishedBinary.Path,
                ["credential-process", "--endpoint", emulator.Endpoint, "--role-alias", "alias-for-roles-anywhere", "--certificate", emulator.CertificateFile("sensor-7"), "--private-key", emulator.PrivateKeyFile("sensor-7"), "--ca-cert", emulator.CaFile, "--thing-name", "sensor-7"],
                ProcessRunner.CleanEnvironment(folder));
            Assert.True(run.ExitCode == 0, run.ToString());
        }
    }

    [Theory]
    [InlineData("https://sts.amazonaws.com", "--allow-remote-sts")]
    [InlineData("http://localhost.attacker.example:5000", "--allow-remote-sts")]
    [InlineData("http://10.0.0.1:5000", "--allow-remote-sts")]
    [InlineData("", "--sts-endpoint URL")]
    public async Task A_remote_sts_endpoint_or_environment_credentials_without_one_are_usage_errors(string sts, string fix)
    {
        string[] args = sts.Length == 0
            ? ["emulator", "--state-dir", Path.Combine(folder, "s"), "--sts-use-environment-credentials"]
            : ["emulator", "--state-dir", Path.Combine(folder, "s"), "--sts-endpoint", sts];
        var run = await ProcessRunner.RunAsync(PublishedBinary.Path, args, ProcessRunner.CleanEnvironment(folder));
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.StartsWith("certcreds: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(fix, run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.False(Directory.Exists(Path.Combine(folder, "s")));
    }

    [Fact]
    public async Task The_banner_names_the_sts_endpoint_and_the_caller_keys()
    {
        var emulator = await EmulatorProcess.StartAsync(Path.Combine(folder, "state"), ProcessRunner.CleanEnvironment(folder), "http://127.0.0.1:9");
        await using (emulator)
        {
            for (var wait = 0; wait < 100 && !emulator.Log.Contains("stop with Ctrl+C", StringComparison.Ordinal); wait++)
            {
                await Task.Delay(50);
            }

            Assert.Contains("STS endpoint    : http://127.0.0.1:9/ (sts:AssumeRole, signed with dummy keys)", emulator.Log, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_state_folder_others_can_write_is_refused_in_one_line()
    {
        var state = Directory.CreateDirectory(Path.Combine(folder, "shared")).FullName;
        File.SetUnixFileMode(state, (UnixFileMode)0b111_111_111);
        var run = await ProcessRunner.RunAsync(PublishedBinary.Path, ["emulator", "--state-dir", state], ProcessRunner.CleanEnvironment(folder));
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith($"certcreds: the emulator's state folder {state} is writable by group or others", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Empty(Directory.EnumerateFileSystemEntries(state));
    }

    [Fact]
    public async Task Add_thing_with_a_bad_name_is_a_usage_error()
    {
        var run = await ProcessRunner.RunAsync(PublishedBinary.Path, ["emulator", "add-thing", "--state-dir", Path.Combine(folder, "s"), "--thing-name", "bad name"], ProcessRunner.CleanEnvironment(folder));
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("certcreds: ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_runs_end_to_end_from_the_published_binary()
    {
        var run = await ProcessRunner.RunAsync(PublishedBinary.Path, ["demo"], ProcessRunner.CleanEnvironment(folder), timeout: TimeSpan.FromSeconds(60));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("-> 200 in", run.Stdout, StringComparison.Ordinal);
    }
}
