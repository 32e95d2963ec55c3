using System.Text;
using CertCreds.Cli;
using CertCreds.Testing;

namespace CertCreds.Tests.Cli;

/// <summary>Runs the CLI in-process with captured streams, a chosen environment, directory and clock.</summary>
internal static class CliHarness
{
    public static async Task<CliRun> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, TimeProvider? clock, params string[] args)
    {
        using var stdout = new MemoryStream();
        await using var stderr = new StringWriter();
        var context = new CliContext(
            stdout,
            stderr,
            name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
            workingDirectory,
            clock ?? TimeProvider.System,
            IsInteractive: false);
        var code = await CliApp.RunAsync(args, context);
        return new CliRun(code, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    public static Task<CliRun> RunAsync(string workingDirectory, params string[] args) => RunAsync(workingDirectory, null, null, args);
}
