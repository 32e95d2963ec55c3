using System.Net;
using System.Net.Sockets;
using CertCreds.Errors;
using CertCreds.Testing;

namespace CertCreds.EndToEnd;

/// <summary>
/// Faults of the user's environment — stdout closed or full, a port in use, a broken emulator state folder or
/// registry, a folder where a file belongs — are reported by the published binary as one line naming the file
/// or port and the fix, with a documented exit code: never "internal error", never a stack trace.
/// </summary>
public sealed class EnvironmentFaultTests : IAsyncLifetime
{
    private readonly InProcessEmulator emulator = new();

    public Task InitializeAsync() => emulator.InitializeAsync();

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    private Task<CliRun> RunAsync(IEnumerable<string> args, TimeSpan? timeout = null) =>
        ProcessRunner.RunAsync(PublishedBinary.Path, args, ProcessRunner.CleanEnvironment(emulator.Folder), workingDirectory: emulator.Folder, timeout: timeout);

    /// <summary>Runs the binary with its stdout redirected by the shell (<c>&gt;&amp;-</c>, <c>&gt; /dev/full</c>).</summary>
    private Task<CliRun> RunWithStdoutAsync(string redirection, IEnumerable<string> args) =>
        ProcessRunner.RunAsync("/bin/sh", ["-c", $"exec \"$0\" \"$@\" {redirection}", PublishedBinary.Path, .. args], ProcessRunner.CleanEnvironment(emulator.Folder), workingDirectory: emulator.Folder);

    private static string OneLine(CliRun run, int exitCode)
    {
        Assert.True(run.ExitCode == exitCode, run.ToString());
        var line = Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("certcreds: ", line, StringComparison.Ordinal);
        Assert.Contains(" — ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
        return line;
    }

    [Fact]
    public async Task A_full_stdout_is_one_line_and_a_non_zero_exit()
    {
        var line = OneLine(await RunWithStdoutAsync("> /dev/full", emulator.Arguments("--no-cache")), ExitCodes.Identity);
        Assert.Contains("cannot be written to standard output: no space left on the device", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_stdout_is_one_line_and_a_non_zero_exit_not_an_abort()
    {
        var line = OneLine(await RunWithStdoutAsync(">&-", emulator.Arguments("--no-cache")), ExitCodes.Identity);
        Assert.Contains("standard output is closed", line, StringComparison.Ordinal);

        var help = OneLine(await RunWithStdoutAsync(">&-", ["credential-process", "--help"]), ExitCodes.Identity);
        Assert.Contains("standard output is closed", help, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_on_a_port_in_use_names_the_port()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var args = emulator.Arguments("--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        args[0] = "serve";
        var line = OneLine(await RunAsync(args), ExitCodes.Usage);
        Assert.Contains($"cannot listen on 127.0.0.1:{port}: the port is in use by another program", line, StringComparison.Ordinal);
        Assert.Contains("--port 0", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Emulator_on_a_port_in_use_names_the_port()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var line = OneLine(await RunAsync(["emulator", "--state-dir", Path.Combine(emulator.Folder, "second"), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]), ExitCodes.Usage);
        Assert.Contains($"cannot listen on 127.0.0.1:{port}: the port is in use", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_emulator_json_is_named_with_its_place()
    {
        var state = Path.Combine(emulator.Folder, "corrupt");
        Directory.CreateDirectory(state);
        var registry = Path.Combine(state, "emulator.json");
        await File.WriteAllTextAsync(registry, "{\n  \"things\": [ oops ]\n}\n");
        var line = OneLine(await RunAsync(["emulator", "--state-dir", state, "--port", "0"]), ExitCodes.Identity);
        Assert.Contains($"the emulator registry {registry} is not a valid registry document at line 2", line, StringComparison.Ordinal);
        Assert.Contains("fix it by hand", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_given_as_the_emulator_state_folder_is_named()
    {
        var file = Path.Combine(emulator.Folder, "not-a-folder");
        await File.WriteAllTextAsync(file, "x");
        var line = OneLine(await RunAsync(["emulator", "--state-dir", file, "--port", "0"]), ExitCodes.Identity);
        Assert.Contains($"the emulator state folder {file} cannot be used: it is a file, not a folder", line, StringComparison.Ordinal);

        var below = OneLine(await RunAsync(["emulator", "add-thing", "--state-dir", Path.Combine(file, "state"), "--thing-name", "t2"]), ExitCodes.Identity);
        Assert.Contains($"{file} is a file, not a folder", below, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_where_the_token_file_belongs_is_named()
    {
        var folder = Path.Combine(emulator.Folder, "token-folder");
        Directory.CreateDirectory(folder);
        var args = emulator.Arguments("--token-file", folder);
        args[0] = "serve";
        var line = OneLine(await RunAsync(args), ExitCodes.Identity);
        Assert.Contains($"the token file {folder} cannot be written: it is a folder, not a file", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_where_the_aws_config_file_belongs_is_named()
    {
        var folder = Path.Combine(emulator.Folder, "config-folder");
        Directory.CreateDirectory(folder);
        var args = emulator.Arguments("--profile", "p", "--no-verify");
        args[0] = "configure";
        var run = await ProcessRunner.RunAsync(PublishedBinary.Path, args, ProcessRunner.CleanEnvironment(emulator.Folder, ("AWS_CONFIG_FILE", folder)), workingDirectory: emulator.Folder);
        var line = OneLine(run, ExitCodes.Usage);
        Assert.Contains($"{folder} is a directory, not a regular file", line, StringComparison.Ordinal);
    }
}
