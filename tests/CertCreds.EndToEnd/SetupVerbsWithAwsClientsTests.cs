using System.Text.Json;
using CertCreds.Testing;

namespace CertCreds.EndToEnd;

/// <summary>
/// The setup verbs of the published binary with the real AWS CLI against moto (signature checks on) and the
/// emulator in STS mode: a profile written by <c>configure</c> works, credentials written by <c>update --once</c>
/// work, concurrent <c>update</c> processes lose no write, and <c>--discover-endpoint</c> finds the endpoint with
/// a SigV4-signed DescribeEndpoint.
/// </summary>
public sealed class SetupVerbsWithAwsClientsTests : IClassFixture<MotoServer>, IAsyncLifetime
{
    private readonly MotoServer moto;
    private MotoHome? world;

    public SetupVerbsWithAwsClientsTests(MotoServer moto) => this.moto = moto;

    private EmulatorProcess Emulator => world!.Emulator;

    private string Home => world!.Path;

    private string ConfigPath => Path.Combine(Home, "aws dir", "config");

    private string CredentialsPath => Path.Combine(Home, "aws dir", "credentials");

    public async Task InitializeAsync()
    {
        world = await MotoHome.StartAsync(moto, "certcreds-e2e-setup-");
    }

    public async Task DisposeAsync()
    {
        if (world is not null)
        {
            await world.DisposeAsync();
        }
    }

    private Dictionary<string, string> Environment(params (string Name, string Value)[] extra) => ProcessRunner.CleanEnvironment(
        Home,
        [("AWS_CONFIG_FILE", ConfigPath), ("AWS_SHARED_CREDENTIALS_FILE", CredentialsPath), ("AWS_DEFAULT_REGION", "us-east-1"), .. extra]);

    private string[] Identity(params string[] verb) =>
        [.. verb, "--endpoint", Emulator.Endpoint, "--role-alias", SeedWorld.RoleAlias, "--certificate", Emulator.CertificateFile(), "--private-key", Emulator.PrivateKeyFile(), "--ca-cert", Emulator.CaFile, "--thing-name", SeedWorld.Thing];

    private async Task<string> CallerArnAsync(string profile)
    {
        var run = await ProcessRunner.RunAsync(
            ProcessRunner.Require("aws"),
            ["sts", "get-caller-identity", "--profile", profile, "--endpoint-url", moto.Endpoint, "--query", "Arn", "--output", "text"],
            Environment(),
            workingDirectory: "/");
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.Stdout.Trim();
    }

    [Fact]
    public async Task A_profile_written_by_configure_works_with_the_aws_cli()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigPath)!);
        await File.WriteAllTextAsync(ConfigPath, "# kept\r\n[default]\r\nregion = us-east-1\r\n");
        var run = await ProcessRunner.RunAsync(PublishedBinary.Path, Identity("configure", "--profile", SeedWorld.Profile), Environment(), workingDirectory: Home);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("# kept\r\n[default]\r\nregion = us-east-1\r\n", await File.ReadAllTextAsync(ConfigPath), StringComparison.Ordinal);
        Assert.Equal(SeedWorld.AssumedRoleArn(Emulator.CertificateFile()), await CallerArnAsync(SeedWorld.Profile));
    }

    [Fact]
    public async Task Credentials_written_by_update_once_work_with_the_aws_cli()
    {
        var run = await ProcessRunner.RunAsync(PublishedBinary.Path, Identity("update", "--profile-name", "device", "--once"), Environment(), workingDirectory: Home);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(SeedWorld.AssumedRoleArn(Emulator.CertificateFile()), await CallerArnAsync("device"));
    }

    [Fact]
    public async Task Concurrent_update_processes_do_not_lose_a_write()
    {
        var profiles = Enumerable.Range(0, 6).Select(i => $"device{i}").ToList();
        var runs = await Task.WhenAll(profiles.Select(p => ProcessRunner.RunAsync(PublishedBinary.Path, Identity("update", "--profile-name", p, "--once"), Environment(), workingDirectory: Home)));
        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.ToString()));
        var script = "import botocore.configloader as c, json, sys; print(json.dumps(sorted(c.raw_config_parse(sys.argv[1]).keys())))";
        var parsed = await ProcessRunner.RunAsync(ProcessRunner.Require("python3"), ["-c", script, CredentialsPath], Environment());
        Assert.True(parsed.ExitCode == 0, parsed.ToString());
        Assert.Equal(JsonSerializer.Serialize(profiles), parsed.Stdout.Trim().Replace(" ", string.Empty, StringComparison.Ordinal));
        Assert.Equal(SeedWorld.AssumedRoleArn(Emulator.CertificateFile()), await CallerArnAsync("device3"));
    }

    [Fact]
    public async Task Discover_endpoint_asks_iot_describe_endpoint_for_the_credentials_endpoint()
    {
        // A moto of its own, without signature checks: moto verifies a GET with a query string against an empty
        // query (it rebuilds the request without it), so it refuses correctly signed DescribeEndpoint calls — the
        // AWS CLI's too. The signature itself is checked against botocore's signer in SigV4SignerTests.
        using var iot = await Testing.Emulator.MotoServer.StartAsync();
        var run = await ProcessRunner.RunAsync(
            PublishedBinary.Path,
            ["configure", "--profile", "found", "--discover-endpoint", "--region", "us-east-1", "--no-verify", "--dry-run", "--role-alias", SeedWorld.RoleAlias, "--certificate", Emulator.CertificateFile(), "--private-key", Emulator.PrivateKeyFile()],
            Environment(("AWS_ENDPOINT_URL_IOT", iot.Endpoint.ToString()), ("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"), ("AWS_SECRET_ACCESS_KEY", "caller-secret-never-printed")),
            workingDirectory: Home);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"\+credential_process = \S+ credential-process --endpoint [a-z0-9]+\.credentials\.iot\.us-east-1\.amazonaws\.com ", run.Stdout);
        Assert.Contains("discovered the credentials endpoint", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("caller-secret-never-printed", run.AllOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(ConfigPath));
    }
}
