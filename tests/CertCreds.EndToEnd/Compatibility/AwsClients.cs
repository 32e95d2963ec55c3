using System.Text.Json;
using System.Text.RegularExpressions;
using CertCreds.Testing;

namespace CertCreds.EndToEnd.Compatibility;

/// <summary>
/// Every AWS client the end-to-end tests run, the rows of the README's compatibility table. Each runs
/// <c>sts get-caller-identity</c> against the STS endpoint given (moto) with its default credential chain and
/// prints the ARN; each knows how to report the version installed here.
/// </summary>
public static class AwsClients
{
    /// <summary>Debian's AWS CLI v2 (package awscli); pyenv's AWS CLI v1 comes first on PATH, so it is called by path.</summary>
    public const string DebianAwsCli = "/usr/bin/aws";

    public static readonly AwsClient AwsCliV1 = new(
        "aws-cli-v1",
        "AWS CLI v1",
        "1.45.11",
        "pip, pyenv Python 3.11",
        (sts, environment) => ProcessRunner.RunAsync(PyenvAwsCli(), CallerIdentityArguments(sts), environment),
        () => CliVersionAsync(PyenvAwsCli()));

    public static readonly AwsClient AwsCliV2 = new(
        "aws-cli-v2",
        "AWS CLI v2",
        "2.9.19",
        "Debian 12 `awscli`",
        (sts, environment) => ProcessRunner.RunAsync(RequireFile(DebianAwsCli, "awscli"), CallerIdentityArguments(sts), environment),
        () => CliVersionAsync(RequireFile(DebianAwsCli, "awscli")));

    public static readonly AwsClient Boto3 = new(
        "boto3",
        "boto3 (Python SDK)",
        "1.43.11",
        "pip, pyenv Python 3.11",
        (sts, environment) => ProcessRunner.RunAsync(
            ProcessRunner.Require("python3"),
            ["-c", "import boto3,sys; print(boto3.Session().client('sts', endpoint_url=sys.argv[1]).get_caller_identity()['Arn'])", sts],
            environment),
        async () => (await RunForOutputAsync(ProcessRunner.Require("python3"), "-c", "import boto3; print(boto3.__version__)")).Trim());

    public static readonly AwsClient DotnetSdk = new(
        "dotnet-sdk",
        "AWS SDK for .NET",
        "4.0.101.10",
        "NuGet `AWSSDK.SecurityToken`",
        DotnetClient.RunAsync,
        () => Task.FromResult(Regex.Match(File.ReadAllText(TestSource("dotnet-client", "StsCallerIdentity.cs")), @"#:package AWSSDK\.SecurityToken@(\S+)").Groups[1].Value));

    public static readonly AwsClient JavascriptSdk = new(
        "js-sdk-v3",
        "AWS SDK for JavaScript v3",
        "3.1177.0",
        "npm `@aws-sdk/client-sts`, Node.js 20",
        (sts, environment) => ProcessRunner.RunAsync(ProcessRunner.Require("node"), [NodeClient.StsCallerIdentityScript, sts], environment),
        () =>
        {
            using var lockFile = JsonDocument.Parse(File.ReadAllText(TestSource("node", "package-lock.json")));
            return Task.FromResult(lockFile.RootElement.GetProperty("packages").GetProperty("node_modules/@aws-sdk/client-sts").GetProperty("version").GetString()!);
        });

    public static readonly AwsClient RubySdk = new(
        "ruby-sdk",
        "AWS SDK for Ruby",
        "3.168.1",
        "Debian 12 `ruby-aws-sdk-core`",
        RubyClient.RunAsync,
        RubyClient.SdkVersionAsync);

    public static readonly AwsClient GoSdk = new(
        "go-sdk-v2",
        "AWS SDK for Go v2",
        "1.17.1-3",
        "Debian 12 `golang-github-aws-aws-sdk-go-v2-dev` with `golang-go` 1.19, GOPATH mode",
        GoClient.RunAsync,
        async () => (await RunForOutputAsync(ProcessRunner.Require("dpkg-query"), "-W", "-f", "${Version}", "golang-github-aws-aws-sdk-go-v2-dev")).Trim());

    /// <summary>In the README's order.</summary>
    public static IReadOnlyList<AwsClient> All { get; } = [AwsCliV1, AwsCliV2, Boto3, DotnetSdk, JavascriptSdk, RubySdk, GoSdk];

    public static AwsClient ById(string id) => All.Single(c => c.Id == id);

    private static string[] CallerIdentityArguments(string sts) => ["sts", "get-caller-identity", "--endpoint-url", sts, "--query", "Arn", "--output", "text"];

    private static async Task<string> CliVersionAsync(string aws)
    {
        // "aws-cli/2.9.19 Python/3.11.2 Linux/…": v1 prints it on stderr in old releases, stdout in new ones.
        var run = await ProcessRunner.RunAsync(aws, ["--version"], ProcessRunner.CleanEnvironment(Path.GetTempPath()));
        var match = Regex.Match(run.Stdout + run.Stderr, @"aws-cli/(\S+)");
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException($"{aws} --version printed no version:\n{run}");
    }

    private static async Task<string> RunForOutputAsync(string program, params string[] args)
    {
        var run = await ProcessRunner.RunAsync(program, args, ProcessRunner.CleanEnvironment(Path.GetTempPath()));
        return run.ExitCode == 0 ? run.Stdout : throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed:\n{run}");
    }

    /// <summary>The AWS CLI v1 of pyenv's Python, never Debian's v2 that may come earlier on the machine's PATH.</summary>
    private static string PyenvAwsCli()
    {
        var shim = Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/root", ".pyenv", "shims", "aws");
        return File.Exists(shim) ? shim : ProcessRunner.Require("aws");
    }

    private static string RequireFile(string path, string package) =>
        File.Exists(path) ? path : throw new InvalidOperationException($"{path} is not installed on this machine; install the Debian package {package} (see .ci/run)");

    private static string TestSource(params string[] parts) => Path.Combine([PublishedBinary.RepositoryRoot(), "tests", "CertCreds.EndToEnd", .. parts]);
}
