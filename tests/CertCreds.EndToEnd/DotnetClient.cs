using System.Diagnostics;
using CertCreds.Testing;

namespace CertCreds.EndToEnd;

/// <summary>
/// The AWS SDK for .NET (AWSSDK.SecurityToken 4.x) as a real client in a child process, so each test gives it its
/// own environment: dotnet-client/StsCallerIdentity.cs, built once per test run as a file-based app.
/// </summary>
internal static class DotnetClient
{
    private static readonly Lazy<string> Built = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<CliRun> RunAsync(string stsEndpoint, Dictionary<string, string> environment) =>
        ProcessRunner.RunAsync(ProcessRunner.Require("dotnet"), [Built.Value, stsEndpoint], environment, timeout: TimeSpan.FromSeconds(60));

    private static string Build()
    {
        var root = PublishedBinary.RepositoryRoot();
        var output = Path.Combine(root, "artifacts", "e2e-dotnet-client");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var arg in (string[])["build", Path.Combine(root, "tests", "CertCreds.EndToEnd", "dotnet-client", "StsCallerIdentity.cs"), "-o", output, "--nologo"])
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"building the .NET SDK client failed ({process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        }

        return Path.Combine(output, "StsCallerIdentity.dll");
    }
}
