using System.Text;
using CertCreds.Cli;
using CertCreds.Platform;
using CertCreds.Testing;

namespace CertCreds.Tests.Cli;

/// <summary>Runs the CLI in-process with captured streams, a chosen environment, directory and clock.</summary>
internal static class CliHarness
{
    /// <summary>
    /// Runs with <paramref name="keyring"/> as the kernel keyring; by default a new empty one per run, so that
    /// nothing carries between runs but the cache folder (tests of the keyring level pass one keyring to every run).
    /// </summary>
    public static async Task<CliRun> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, TimeProvider? clock, IKernelKeyring? keyring, params string[] args)
    {
        using var stdout = new MemoryStream();
        await using var stderr = new StringWriter();
        var context = new CliContext(
            stdout,
            stderr,
            name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
            workingDirectory,
            clock ?? TimeProvider.System,
            IsInteractive: false)
        {
            Keyring = keyring ?? new MemoryKeyring(),
            Trace = environment is not null && environment.TryGetValue("CERTCREDS_TRACE", out var trace) && trace == "1" ? new Tracer(stderr, TimeProvider.System) : Tracer.Off,
        };
        var code = await CliApp.RunAsync(args, context);
        return new CliRun(code, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    public static Task<CliRun> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, TimeProvider? clock, params string[] args) =>
        RunAsync(workingDirectory, environment, clock, null, args);

    public static Task<CliRun> RunAsync(string workingDirectory, params string[] args) => RunAsync(workingDirectory, null, null, args);
}
