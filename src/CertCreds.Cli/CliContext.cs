using CertCreds.Platform;

namespace CertCreds.Cli;

/// <summary>
/// Everything a command may touch of the outside world. Created once, in <see cref="Program"/>; tests build
/// their own with in-memory streams, a fake clock and a fake environment.
/// </summary>
/// <param name="Stdout">The protocol channel: only documents another program reads.</param>
/// <param name="Stderr">For humans: errors, warnings, progress.</param>
/// <param name="GetEnvironmentVariable">Reads one environment variable.</param>
/// <param name="WorkingDirectory">Where relative paths are resolved.</param>
/// <param name="Clock">The only source of time.</param>
/// <param name="IsInteractive">True when stdin and stderr are a terminal, so a password prompt can be seen and answered.</param>
internal sealed record CliContext(
    Stream Stdout,
    TextWriter Stderr,
    Func<string, string?> GetEnvironmentVariable,
    string WorkingDirectory,
    TimeProvider Clock,
    bool IsInteractive)
{
    /// <summary>Opt-in tracing (CERTCREDS_TRACE); off unless set.</summary>
    public Tracer Trace { get; init; } = Tracer.Off;

    /// <summary>The kernel keyring credential-process's first-level cache lives in; tests inject failing ones.</summary>
    public IKernelKeyring Keyring { get; init; } = new KernelKeyring();

    /// <summary>The real process: stdout and stderr wrapped so that a closed or full one is the user's environment, not a crash.</summary>
    public static CliContext FromProcess()
    {
        var closed = StandardDescriptors.GuardClosed();
        var stderr = closed.Stderr ? new StderrWriter(TextWriter.Null) : StderrWriter.Open();
        return new(
            closed.Stdout ? new StdoutStream(null) : StdoutStream.Open(),
            stderr,
            Environment.GetEnvironmentVariable,
            Environment.CurrentDirectory,
            TimeProvider.System,
            !Console.IsInputRedirected && !Console.IsErrorRedirected)
        {
            Trace = Tracer.FromSetting(Environment.GetEnvironmentVariable("CERTCREDS_TRACE"), stderr, TimeProvider.System),
        };
    }
}
