using CertCreds.Emulator.Faults;
using CertCreds.Errors;
using CertCreds.Testing;

namespace CertCreds.EndToEnd;

/// <summary>
/// Untrusted text — a hostile server's message, a file name — reaches the terminal escaped: an ESC[2J cannot
/// clear the screen and U+202E cannot reverse what the user reads.
/// </summary>
public sealed class TerminalEscapeTests : IAsyncLifetime
{
    private const string Hostile = "Access\u001b[2J denied\u0007 \u202Etxt.exe\u009b";

    private readonly InProcessEmulator emulator = new();

    public Task InitializeAsync() => emulator.InitializeAsync();

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    private static void AssertNothingRaw(CliRun run)
    {
        foreach (var c in run.Stderr.Where(c => c != '\n'))
        {
            Assert.False(TerminalText.IsUnsafe(c), $"raw U+{(int)c:X4} in: {run.Stderr}");
        }
    }

    [Fact]
    public async Task A_hostile_server_message_is_printed_escaped()
    {
        emulator.Server.Faults.Enqueue(FaultSpec.WithStatus(403, Hostile));
        var run = await ProcessRunner.RunAsync(PublishedBinary.Path, emulator.Arguments("--no-cache"), ProcessRunner.CleanEnvironment(emulator.Folder), workingDirectory: emulator.Folder);
        Assert.True(run.ExitCode == ExitCodes.Rejected, run.ToString());
        AssertNothingRaw(run);
        Assert.Contains("Access\\x1b[2J denied\\x07 \\u202etxt.exe\\x9b", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hostile_server_message_is_escaped_in_doctor_output_too()
    {
        emulator.Server.Faults.Enqueue(FaultSpec.WithStatus(403, Hostile));
        var args = emulator.Arguments();
        args[0] = "doctor";
        var run = await ProcessRunner.RunAsync(PublishedBinary.Path, args, ProcessRunner.CleanEnvironment(emulator.Folder), workingDirectory: emulator.Folder);
        Assert.NotEqual(0, run.ExitCode);
        foreach (var c in run.Stdout.Where(c => c != '\n'))
        {
            Assert.False(TerminalText.IsUnsafe(c), $"raw U+{(int)c:X4} in: {run.Stdout}");
        }

        Assert.Contains("\\x1b[2J", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_name_with_an_escape_is_printed_escaped()
    {
        var name = Path.Combine(emulator.Folder, "cert\u001b[2J\u202E.pem");
        var args = emulator.Arguments("--no-cache");
        args[args.IndexOf("--certificate") + 1] = name;
        var run = await ProcessRunner.RunAsync(PublishedBinary.Path, args, ProcessRunner.CleanEnvironment(emulator.Folder), workingDirectory: emulator.Folder);
        Assert.True(run.ExitCode == ExitCodes.Identity, run.ToString());
        AssertNothingRaw(run);
        Assert.Contains("cert\\x1b[2J\\u202e.pem", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trace_lines_are_escaped()
    {
        emulator.Server.Faults.Enqueue(FaultSpec.WithStatus(403, Hostile));
        var run = await ProcessRunner.RunAsync(PublishedBinary.Path, emulator.Arguments("--no-cache", "--thing-name", "client1"), ProcessRunner.CleanEnvironment(emulator.Folder, ("CERTCREDS_TRACE", "1")), workingDirectory: emulator.Folder);
        Assert.Contains("certcreds: trace:", run.Stderr, StringComparison.Ordinal);
        AssertNothingRaw(run);
    }
}
