namespace CertCreds.EndToEnd;

/// <summary>
/// The JavaScript SDK v3 client script (tests/CertCreds.EndToEnd/node), with its npm packages installed once per
/// test run from the committed package-lock.json when they are not there yet (so `dotnet test` works on a fresh
/// clone; .ci/run installs them up front).
/// </summary>
public static class NodeClient
{
    private static readonly Lazy<string> Script = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Path of <c>sts-caller-identity.mjs</c>, ready to run with node.</summary>
    public static string StsCallerIdentityScript => Script.Value;

    private static string Install()
    {
        var folder = Path.Combine(PublishedBinary.RepositoryRoot(), "tests", "CertCreds.EndToEnd", "node");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@aws-sdk", "client-sts")))
        {
            var npm = ProcessRunner.Require("npm");
            var environment = ProcessRunner.CleanEnvironment(Environment.GetEnvironmentVariable("HOME") ?? Path.GetTempPath());
            var run = ProcessRunner.RunAsync(npm, ["ci", "--no-audit", "--no-fund", "--loglevel=error"], environment, folder, TimeSpan.FromMinutes(5)).GetAwaiter().GetResult();
            if (run.ExitCode != 0)
            {
                throw new InvalidOperationException("npm ci failed in " + folder + ":\n" + run.Stderr);
            }
        }

        return Path.Combine(folder, "sts-caller-identity.mjs");
    }
}
