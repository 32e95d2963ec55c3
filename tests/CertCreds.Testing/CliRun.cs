namespace CertCreds.Testing;

/// <summary>What one run of the CLI produced.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Everything the run printed, for "no secret anywhere" checks.</summary>
    public string AllOutput => Stdout + Stderr;

    public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}
