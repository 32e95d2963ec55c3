using System.Diagnostics;
using CertCreds.Errors;
using CertCreds.Platform;

namespace CertCreds.EndToEnd;

/// <summary><c>certcreds exec</c> as a user runs it: a real child, its exit code, signals forwarded to it.</summary>
public sealed class ExecCommandTests : IClassFixture<InProcessEmulatorFixture>, IDisposable
{
    private readonly InProcessEmulatorFixture emulator;
    private readonly string home = Directory.CreateTempSubdirectory("certcreds-e2e-exec-").FullName;

    public ExecCommandTests(InProcessEmulatorFixture emulator) => this.emulator = emulator;

    public void Dispose() => Directory.Delete(home, recursive: true);

    private List<string> ExecArguments(params string[] command)
    {
        var args = emulator.Arguments();
        args[0] = "exec";
        args.Add("--");
        args.AddRange(command);
        return args;
    }

    [Fact]
    public async Task The_command_sees_only_the_container_variables_and_its_exit_code_is_returned()
    {
        var script = "env | grep -E '^AWS_' | cut -d= -f1 | sort; "
            + "curl -sf -H \"Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN\" \"$AWS_CONTAINER_CREDENTIALS_FULL_URI\" | jq -r .AccessKeyId | cut -c1-4; exit 7";
        var run = await ProcessRunner.RunAsync(
            PublishedBinary.Path,
            ExecArguments("/bin/sh", "-c", script),
            ProcessRunner.CleanEnvironment(home, ("AWS_PROFILE", "other"), ("AWS_ACCESS_KEY_ID", "AKIAOUTSIDE"), ("AWS_SECRET_ACCESS_KEY", "outside"), ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/x"), ("AWS_DEFAULT_REGION", "us-east-1")));
        Assert.True(run.ExitCode == 7, run.ToString());
        Assert.Equal("AWS_CONTAINER_AUTHORIZATION_TOKEN\nAWS_CONTAINER_CREDENTIALS_FULL_URI\nAWS_DEFAULT_REGION\nASIA\n", run.Stdout);
        Assert.Equal(string.Empty, run.Stderr);
    }

    [Fact]
    public async Task The_command_keeps_the_system_trust_store_and_gets_none_of_our_variables()
    {
        // The certcreds process disables the system store for itself (setenv of SSL_CERT_FILE/SSL_CERT_DIR) before
        // the first fetch; the child must see the environment it was given, minus our secrets.
        var python = ProcessRunner.Require("python3");
        var script = "env | grep -E '^(SSL_CERT_|CERTCREDS_|AWS_ACCESS_KEY=|AWS_SECRET_KEY=)' | cut -d= -f1 | sort; "
            + "\"$0\" -c 'import ssl; print(ssl.create_default_context().cert_store_stats()[\"x509_ca\"] > 0)'";
        var run = await ProcessRunner.RunAsync(
            PublishedBinary.Path,
            ExecArguments("/bin/sh", "-c", script, python),
            ProcessRunner.CleanEnvironment(home, ("CERTCREDS_PRIVATE_KEY_PASSWORD", "not-for-the-child"), ("CERTCREDS_SOMETHING", "x"), ("AWS_ACCESS_KEY", "AKIAJAVA"), ("AWS_SECRET_KEY", "javasecret")));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("True\n", run.Stdout);
    }

    [Fact]
    public async Task A_command_that_cannot_start_is_exit_code_8_with_one_line()
    {
        var run = await ProcessRunner.RunAsync(PublishedBinary.Path, ExecArguments("/nonexistent/tool"), ProcessRunner.CleanEnvironment(home));
        Assert.Equal(ExitCodes.ChildFailedToStart, run.ExitCode);
        Assert.StartsWith("certcreds: could not start '/nonexistent/tool'", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Sigterm_is_forwarded_to_the_command_whose_exit_code_is_returned()
    {
        var info = new ProcessStartInfo(PublishedBinary.Path) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in ExecArguments("/bin/sh", "-c", "trap 'echo got-term; exit 42' TERM; echo ready; while true; do sleep 0.1; done"))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Clear();
        foreach (var (name, value) in ProcessRunner.CleanEnvironment(home))
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        try
        {
            Assert.Equal("ready", await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.True(NativeSignals.Send(process.Id, NativeSignals.SigTerm));
            Assert.Equal("got-term", await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(42, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
