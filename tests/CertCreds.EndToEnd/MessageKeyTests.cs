using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using CertCreds.Errors;
using CertCreds.Testing;

namespace CertCreds.EndToEnd;

/// <summary>
/// The Native AOT build strips .NET's exception messages to resource keys (<c>net_frame_read_size</c>). Every
/// failure the published binary reports must be in certcreds' own words, naming the cause — never a key.
/// </summary>
public sealed partial class MessageKeyTests : IAsyncLifetime
{
    private readonly InProcessEmulator emulator = new();

    public Task InitializeAsync() => emulator.InitializeAsync();

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    /// <summary>Two or more underscores joining lower-case words, as .NET's resource names do (IO_FileNotFound_FileName too).</summary>
    [GeneratedRegex(@"\b[A-Za-z0-9]+_[A-Za-z0-9]+_[A-Za-z0-9_]+\b")]
    private static partial Regex ResourceKey();

    private Task<CliRun> RunAsync(IEnumerable<string> args, params (string Name, string Value)[] environment) =>
        ProcessRunner.RunAsync(PublishedBinary.Path, args, ProcessRunner.CleanEnvironment(emulator.Folder, environment), workingDirectory: emulator.Folder);

    private static string OneLine(CliRun run, int exitCode)
    {
        Assert.True(run.ExitCode == exitCode, run.ToString());
        Assert.Equal(string.Empty, run.Stdout);
        var line = Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.DoesNotMatch(ResourceKey(), line);
        Assert.DoesNotContain("internal error", line, StringComparison.Ordinal);
        return line;
    }

    private List<string> ArgumentsFor(int port, params string[] extra)
    {
        var args = emulator.Arguments(["--no-cache", "--timeout", "3", .. extra]);
        args[args.IndexOf("--endpoint") + 1] = $"localhost:{port}";
        return args;
    }

    [Fact]
    public async Task Plain_http_on_the_endpoint_port_is_named_as_such()
    {
        await using var server = new ScriptedSocketServer("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        var line = OneLine(await RunAsync(ArgumentsFor(server.Port)), ExitCodes.Trust);
        Assert.Contains("did not answer with TLS", line, StringComparison.Ordinal);
        Assert.Contains("plain-HTTP", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_sending_100_kb_of_headers_is_named_as_such()
    {
        var headers = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n");
        for (var i = 0; headers.Length < 100 * 1024; i++)
        {
            headers.Append($"X-Padding-{i}: {new string('a', 200)}\r\n");
        }

        headers.Append("Content-Length: 2\r\n\r\n{}");
        var serverFolder = Path.Combine(emulator.State.Path, "server");
        var certificate = X509Certificate2.CreateFromPemFile(Path.Combine(serverFolder, "server.pem.crt"), Path.Combine(serverFolder, "server.pem.key"));
        await using var server = new ScriptedSocketServer(headers.ToString(), certificate);
        var line = OneLine(await RunAsync(ArgumentsFor(server.Port)), ExitCodes.InvalidResponse);
        Assert.Contains("response headers over 16 KB", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(407, "wants a user name and password", "user name and password in the HTTPS_PROXY URL")]
    [InlineData(403, "forbids that destination", "NO_PROXY=")]
    [InlineData(502, "refused to open a tunnel", "HTTPS_PROXY")]
    public async Task A_proxy_refusing_connect_is_named_with_its_status(int status, string cause, string fix)
    {
        await using var proxy = new ScriptedSocketServer($"HTTP/1.1 {status} Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        var line = OneLine(await RunAsync(emulator.Arguments("--no-cache", "--timeout", "2"), ("HTTPS_PROXY", $"http://127.0.0.1:{proxy.Port}")), ExitCodes.Transient);
        Assert.Contains($"the proxy 127.0.0.1:{proxy.Port} refused to open a tunnel", line, StringComparison.Ordinal);
        Assert.Contains($"status {status}", line, StringComparison.Ordinal);
        Assert.Contains(cause, line, StringComparison.Ordinal);
        Assert.Contains(fix, line, StringComparison.Ordinal);
        if (status is 407 or 403)
        {
            // Asking again cannot change the proxy's mind: one attempt, not a deadline's worth.
            Assert.Equal(1, proxy.Connections);
        }
    }

    [Fact]
    public async Task A_dead_proxy_is_named_not_the_endpoint()
    {
        var closed = FreePort.Next();
        var line = OneLine(await RunAsync(emulator.Arguments("--no-cache", "--timeout", "2"), ("HTTPS_PROXY", $"http://127.0.0.1:{closed}")), ExitCodes.Transient);
        Assert.Contains($"could not reach the proxy 127.0.0.1:{closed} from HTTPS_PROXY", line, StringComparison.Ordinal);
        Assert.Contains("connection refused", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dangling_link_as_certificate_is_named_with_its_target()
    {
        var link = Path.Combine(emulator.Folder, "dangling.pem");
        File.CreateSymbolicLink(link, Path.Combine(emulator.Folder, "moved-away.pem"));
        var args = emulator.Arguments("--no-cache");
        args[args.IndexOf("--certificate") + 1] = link;
        var line = OneLine(await RunAsync(args), ExitCodes.Identity);
        Assert.Contains("is a symbolic link to", line, StringComparison.Ordinal);
        Assert.Contains("moved-away.pem, which does not exist", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_of_a_missing_command_says_no_such_file()
    {
        var args = emulator.Arguments();
        args[0] = "exec";
        var line = OneLine(await RunAsync([.. args, "--", "/nonexistent/certcreds-test-command"]), ExitCodes.ChildFailedToStart);
        Assert.Contains("could not start '/nonexistent/certcreds-test-command': no such file", line, StringComparison.Ordinal);

        var onPath = OneLine(await RunAsync([.. args, "--", "certcreds-no-such-command-on-path"]), ExitCodes.ChildFailedToStart);
        Assert.Contains("no such command on PATH", onPath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_of_a_file_that_is_not_executable_says_permission_denied()
    {
        var script = Path.Combine(emulator.Folder, "not-executable.sh");
        await File.WriteAllTextAsync(script, "#!/bin/sh\necho hi\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var args = emulator.Arguments();
        args[0] = "exec";
        var line = OneLine(await RunAsync([.. args, "--", script]), ExitCodes.ChildFailedToStart);
        Assert.Contains("permission denied", line, StringComparison.Ordinal);
        Assert.Contains($"chmod +x {script}", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_of_an_executable_that_is_no_program_says_so()
    {
        var junk = Path.Combine(emulator.Folder, "junk");
        await File.WriteAllBytesAsync(junk, [0x00, 0x01, 0x02, 0x03, 0x7f, 0x45]);
        File.SetUnixFileMode(junk, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var args = emulator.Arguments();
        args[0] = "exec";
        var line = OneLine(await RunAsync([.. args, "--", junk]), ExitCodes.ChildFailedToStart);
        Assert.Contains("not a program this system can run", line, StringComparison.Ordinal);
    }
}
