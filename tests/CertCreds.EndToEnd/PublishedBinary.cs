using System.Diagnostics;

namespace CertCreds.EndToEnd;

/// <summary>
/// The Native AOT <c>certcreds</c> binary under test: <c>CERTCREDS_BIN</c> when set, otherwise published once
/// per test run into the repository's artifacts folder.
/// </summary>
public sealed class PublishedBinary
{
    private static readonly Lazy<string> Path_ = new(
        () => PublishOnce("CERTCREDS_BIN", "src/CertCreds.Cli/CertCreds.Cli.csproj", "e2e-bin", "certcreds"),
        LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Path => Path_.Value;

    /// <summary>
    /// The executable named by <paramref name="variable"/> when set; otherwise <paramref name="project"/> published
    /// for linux-x64 in Release into artifacts/<paramref name="folder"/> (warnings are errors, so a trim or AOT
    /// warning fails the publish and the tests that need it).
    /// </summary>
    public static string PublishOnce(string variable, string project, string folder, string executable)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        var root = RepositoryRoot();
        var output = System.IO.Path.Combine(root, "artifacts", folder);
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var arg in (string[])["publish", project, "-c", "Release", "-r", "linux-x64", "-o", output, "--nologo"])
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish {project} failed ({process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        }

        return System.IO.Path.Combine(output, executable);
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "certcreds.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("cannot find the repository root (certcreds.slnx) above " + AppContext.BaseDirectory);
    }
}
