using System.Text.Json;

namespace CertCreds.EndToEnd;

/// <summary>
/// The seed article's last step, offline: moto with signature checks, the emulator (a real process) obtaining
/// credentials from moto's STS, and the real AWS CLI v1 and boto3 running the published certcreds binary as
/// their credential_process.
/// </summary>
public sealed class AwsClientsThroughCredentialProcessTests : IClassFixture<MotoServer>, IAsyncLifetime
{
    private readonly MotoServer moto;
    private MotoHome? world;

    public AwsClientsThroughCredentialProcessTests(MotoServer moto) => this.moto = moto;

    private EmulatorProcess Emulator => world!.Emulator;

    private string Home => world!.Path;

    public async Task InitializeAsync()
    {
        world = await MotoHome.StartAsync(moto, "certcreds-e2e-home-");
    }

    public async Task DisposeAsync()
    {
        if (world is not null)
        {
            await world.DisposeAsync();
        }
    }

    private string WriteConfig(string? thing = SeedWorld.Thing)
    {
        var config = Path.Combine(Home, "aws-config");
        var line = SeedWorld.CredentialProcessLine(PublishedBinary.Path, Emulator.Endpoint, Emulator.CertificateFile(), Emulator.PrivateKeyFile(), Emulator.CaFile, thing);
        File.WriteAllText(config, $"[profile {SeedWorld.Profile}]\ncredential_process = {line}\nregion = us-east-1\n");
        return config;
    }

    private Dictionary<string, string> ClientEnvironment(string config) => ProcessRunner.CleanEnvironment(
        Home,
        ("AWS_CONFIG_FILE", config),
        ("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(Home, "no-credentials-file")),
        ("AWS_DEFAULT_REGION", "us-east-1"));

    [Fact]
    public async Task Aws_cli_get_caller_identity_answers_the_assumed_role_named_after_the_certificate_id()
    {
        var config = WriteConfig();
        var run = await ProcessRunner.RunAsync(
            ProcessRunner.Require("aws"),
            ["sts", "get-caller-identity", "--profile", SeedWorld.Profile, "--endpoint-url", moto.Endpoint, "--output", "json"],
            ClientEnvironment(config),
            workingDirectory: "/");
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var document = JsonDocument.Parse(run.Stdout);
        Assert.Equal(SeedWorld.AssumedRoleArn(Emulator.CertificateFile()), document.RootElement.GetProperty("Arn").GetString());
    }

    [Fact]
    public async Task Aws_cli_works_without_the_thing_header_too()
    {
        var config = WriteConfig(thing: null);
        var run = await ProcessRunner.RunAsync(
            ProcessRunner.Require("aws"),
            ["sts", "get-caller-identity", "--profile", SeedWorld.Profile, "--endpoint-url", moto.Endpoint, "--query", "Arn", "--output", "text"],
            ClientEnvironment(config));
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(SeedWorld.AssumedRoleArn(Emulator.CertificateFile()), run.Stdout.Trim());
    }

    [Fact]
    public async Task Boto3_session_with_the_profile_answers_the_assumed_role()
    {
        var config = WriteConfig();
        var script = "import boto3,sys; s=boto3.Session(profile_name=sys.argv[1]); print(s.client('sts', endpoint_url=sys.argv[2]).get_caller_identity()['Arn'])";
        var run = await ProcessRunner.RunAsync(ProcessRunner.Require("python3"), ["-c", script, SeedWorld.Profile, moto.Endpoint], ClientEnvironment(config));
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(SeedWorld.AssumedRoleArn(Emulator.CertificateFile()), run.Stdout.Trim());
    }

    [Fact]
    public async Task Credentials_from_a_foreign_signer_are_refused_by_moto_so_the_proof_is_real()
    {
        // Guards the test bed itself: if moto accepted anything, the tests above would prove nothing.
        var config = Path.Combine(Home, "static-config");
        File.WriteAllText(config, "[profile fake]\naws_access_key_id = ASIAFAKEFAKEFAKEFAKE\naws_secret_access_key = fake\naws_session_token = fake\n");
        var run = await ProcessRunner.RunAsync(
            ProcessRunner.Require("aws"),
            ["sts", "get-caller-identity", "--profile", "fake", "--endpoint-url", moto.Endpoint],
            ClientEnvironment(config));
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("InvalidClientTokenId", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_seed_articles_curl_and_jq_script_works_against_the_emulator_files()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "scripts", "seed-credential-helper.sh");
        var run = await ProcessRunner.RunAsync(
            "/bin/sh",
            [script],
            ProcessRunner.CleanEnvironment(
                Home,
                ("ENDPOINT", Emulator.Endpoint),
                ("ROLE_ALIAS_NAME", SeedWorld.RoleAlias),
                ("CERT_PATH", "client1/certificate.pem.crt"),
                ("PRIVATE_KEY_PATH", "client1/private.pem.key"),
                ("THING_NAME", SeedWorld.Thing),
                ("CA_CERT_PATH", "AmazonRootCA1.pem")),
            workingDirectory: Emulator.StateDirectory);
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var document = JsonDocument.Parse(run.Stdout);
        Assert.Equal(1, document.RootElement.GetProperty("Version").GetInt32());
        Assert.StartsWith("ASIA", document.RootElement.GetProperty("AccessKeyId").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("Z", document.RootElement.GetProperty("Expiration").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Certcreds_output_is_one_json_document_and_never_prints_the_secret_on_stderr()
    {
        var run = await ProcessRunner.RunAsync(
            PublishedBinary.Path,
            ["credential-process", "--endpoint", Emulator.Endpoint, "--role-alias", SeedWorld.RoleAlias, "--certificate", Emulator.CertificateFile(), "--private-key", Emulator.PrivateKeyFile(), "--ca-cert", Emulator.CaFile],
            ProcessRunner.CleanEnvironment(Home));
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(string.Empty, run.Stderr);
        Assert.EndsWith("}\n", run.Stdout, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(run.Stdout);
        var secret = document.RootElement.GetProperty("SecretAccessKey").GetString()!;
        Assert.Equal(40, secret.Length);
        Assert.Equal(JsonValueKind.Number, document.RootElement.GetProperty("Version").ValueKind);
        Assert.Matches("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$", document.RootElement.GetProperty("Expiration").GetString()!);
        Assert.DoesNotContain(secret, Emulator.Log, StringComparison.Ordinal);
    }
}
