using System.Diagnostics;

namespace CertCreds.EndToEnd;

/// <summary>
/// samples/IotCredentialsSample published with Native AOT: <c>CERTCREDS_SAMPLE_BIN</c> when set, otherwise
/// published once per test run into artifacts/e2e-sample (warnings are errors, so a trim or AOT warning fails it).
/// </summary>
public static class PublishedSample
{
    private static readonly Lazy<string> Path_ = new(Publish, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Path => Path_.Value;

    private static string Publish()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("CERTCREDS_SAMPLE_BIN");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        var root = PublishedBinary.RepositoryRoot();
        var output = System.IO.Path.Combine(root, "artifacts", "e2e-sample");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var arg in (string[])["publish", "samples/IotCredentialsSample/IotCredentialsSample.csproj", "-c", "Release", "-r", "linux-x64", "-o", output, "--nologo"])
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish of the sample failed ({process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        }

        return System.IO.Path.Combine(output, "IotCredentialsSample");
    }
}
