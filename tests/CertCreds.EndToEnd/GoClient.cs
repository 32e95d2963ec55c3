using CertCreds.Testing;

namespace CertCreds.EndToEnd;

/// <summary>
/// The AWS SDK for Go v2 as Debian 12 ships it (golang-github-aws-aws-sdk-go-v2-dev, golang-go 1.19): go-client/main.go
/// built once per test run, offline, in GOPATH mode against the packaged sources in /usr/share/gocode (no module
/// proxy, no network). Go's build cache under artifacts/ makes later runs' builds near-instant.
/// </summary>
internal static class GoClient
{
    /// <summary>Where Debian's golang-*-dev packages put their sources.</summary>
    public const string DebianGoPath = "/usr/share/gocode";

    private static readonly Lazy<string> Built = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<CliRun> RunAsync(string stsEndpoint, Dictionary<string, string> environment) =>
        ProcessRunner.RunAsync(Built.Value, [stsEndpoint], environment);

    private static string Build()
    {
        var go = ProcessRunner.Require("go");
        if (!Directory.Exists(Path.Combine(DebianGoPath, "src", "github.com", "aws", "aws-sdk-go-v2", "service", "sts")))
        {
            throw new InvalidOperationException($"the AWS SDK for Go v2 sources are not in {DebianGoPath}; install golang-github-aws-aws-sdk-go-v2-dev (see .ci/run)");
        }

        var root = Path.Combine(PublishedBinary.RepositoryRoot(), "artifacts", "e2e-go-client");
        var package = Path.Combine(root, "gopath", "src", "certcreds-go-client");
        Directory.CreateDirectory(package);
        File.Copy(Path.Combine(PublishedBinary.RepositoryRoot(), "tests", "CertCreds.EndToEnd", "go-client", "main.go"), Path.Combine(package, "main.go"), overwrite: true);
        var output = Path.Combine(root, "sts-caller-identity");
        var environment = ProcessRunner.CleanEnvironment(
            root,
            ("GO111MODULE", "off"),
            ("GOPATH", Path.Combine(root, "gopath") + ":" + DebianGoPath),
            ("GOPROXY", "off"),
            ("GOFLAGS", string.Empty),
            ("GOCACHE", Path.Combine(root, "cache")),
            ("CGO_ENABLED", "0"));
        var run = ProcessRunner.RunAsync(go, ["build", "-o", output, "."], environment, package, TimeSpan.FromMinutes(5)).GetAwaiter().GetResult();
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"building the Go SDK client offline failed ({run.ExitCode}):\n{run}");
        }

        return output;
    }
}
