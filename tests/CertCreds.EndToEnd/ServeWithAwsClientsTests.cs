using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace CertCreds.EndToEnd;

/// <summary>
/// <c>certcreds serve</c> between the emulator (a real process getting credentials from moto's STS, with signature
/// checks) and real AWS clients: AWS CLI v1, boto3, the .NET SDK and the JavaScript v3 SDK, through the container
/// endpoint and through the IMDSv2 endpoint. moto answers the assumed role only for genuine credentials.
/// </summary>
public sealed class ServeWithAwsClientsTests : IClassFixture<MotoServer>, IAsyncLifetime
{
    private readonly MotoServer moto;
    private MotoHome? world;
    private ServeProcess? serve;

    public ServeWithAwsClientsTests(MotoServer moto) => this.moto = moto;

    private EmulatorProcess Emulator => world!.Emulator;

    private string Home => world!.Path;

    private ServeProcess Serve => serve!;

    public async Task InitializeAsync()
    {
        world = await MotoHome.StartAsync(moto, "certcreds-e2e-serve-");
        serve = await ServeProcess.StartAsync(
            ["--endpoint", Emulator.Endpoint, "--role-alias", SeedWorld.RoleAlias, "--certificate", Emulator.CertificateFile(), "--private-key", Emulator.PrivateKeyFile(), "--ca-cert", Emulator.CaFile, "--thing-name", SeedWorld.Thing, "--access-log"],
            ProcessRunner.CleanEnvironment(Home));
    }

    public async Task DisposeAsync()
    {
        if (serve is not null)
        {
            await serve.DisposeAsync();
        }

        if (world is not null)
        {
            await world.DisposeAsync();
        }
    }

    private Dictionary<string, string> ClientEnvironment(params (string Name, string Value)[] extra) => ProcessRunner.CleanEnvironment(
        Home,
        [("AWS_CONFIG_FILE", Path.Combine(Home, "no-config")), ("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(Home, "no-credentials")), ("AWS_DEFAULT_REGION", "us-east-1"), ("AWS_REGION", "us-east-1"), ("NODE_NO_WARNINGS", "1"), .. extra]);

    private string ExpectedArn => SeedWorld.AssumedRoleArn(Emulator.CertificateFile());

    public static TheoryData<string> Endpoints => new() { "container", "imds" };

    private (string Name, string Value)[] Variables(string endpoint) => endpoint == "container" ? Serve.ContainerVariables : Serve.ImdsVariables;

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Aws_cli_get_caller_identity_answers_the_assumed_role(string endpoint)
    {
        var run = await ProcessRunner.RunAsync(
            ProcessRunner.Require("aws"),
            ["sts", "get-caller-identity", "--endpoint-url", moto.Endpoint, "--query", "Arn", "--output", "text"],
            ClientEnvironment(Variables(endpoint)));
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(ExpectedArn, run.Stdout.Trim());
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Boto3_uses_the_endpoint_and_answers_the_assumed_role(string endpoint)
    {
        var script = "import boto3,sys; s=boto3.Session(); print(s.get_credentials().method); print(s.client('sts', endpoint_url=sys.argv[1]).get_caller_identity()['Arn'])";
        var run = await ProcessRunner.RunAsync(ProcessRunner.Require("python3"), ["-c", script, moto.Endpoint], ClientEnvironment(Variables(endpoint)));
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal([endpoint == "container" ? "container-role" : "iam-role", ExpectedArn], run.Stdout.Trim().Split('\n'));
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Javascript_sdk_v3_answers_the_assumed_role(string endpoint)
    {
        var script = NodeClient.StsCallerIdentityScript;
        var run = await ProcessRunner.RunAsync(ProcessRunner.Require("node"), [script, moto.Endpoint], ClientEnvironment(Variables(endpoint)));
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(ExpectedArn, run.Stdout.Trim());
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Dotnet_sdk_answers_the_assumed_role(string endpoint)
    {
        var run = await DotnetClient.RunAsync(moto.Endpoint, ClientEnvironment(Variables(endpoint)));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(ExpectedArn, run.Stdout.Trim());
    }

    [Fact]
    public async Task Exec_runs_the_aws_cli_with_the_role_even_with_a_conflicting_profile_and_keys_set_outside()
    {
        var config = Path.Combine(Home, "aws-config");
        await File.WriteAllTextAsync(config, "[profile conflicting]\naws_access_key_id = AKIACONFLICTING00000\naws_secret_access_key = wrong\nregion = us-east-1\n");
        var run = await ProcessRunner.RunAsync(
            PublishedBinary.Path,
            ["exec", "--endpoint", Emulator.Endpoint, "--role-alias", SeedWorld.RoleAlias, "--certificate", Emulator.CertificateFile(), "--private-key", Emulator.PrivateKeyFile(), "--ca-cert", Emulator.CaFile, "--thing-name", SeedWorld.Thing,
                "--", ProcessRunner.Require("aws"), "sts", "get-caller-identity", "--endpoint-url", moto.Endpoint, "--query", "Arn", "--output", "text"],
            ProcessRunner.CleanEnvironment(Home, ("AWS_CONFIG_FILE", config), ("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(Home, "no-credentials")), ("AWS_DEFAULT_REGION", "us-east-1"), ("AWS_PROFILE", "conflicting"), ("AWS_ACCESS_KEY_ID", "AKIAOUTSIDE000000000"), ("AWS_SECRET_ACCESS_KEY", "outside")));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(ExpectedArn, run.Stdout.Trim());
    }

    [Fact]
    public async Task Requests_without_the_exact_token_get_json_errors_and_are_logged_without_tokens()
    {
        using var http = new HttpClient();
        using (var missing = await http.GetAsync(new Uri(Serve.FullUri)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
            Assert.Equal("application/json", missing.Content.Headers.ContentType?.MediaType);
            using var body = JsonDocument.Parse(await missing.Content.ReadAsStringAsync());
            Assert.Equal("Unauthorized", body.RootElement.GetProperty("Code").GetString());
        }

        using (var request = new HttpRequestMessage(HttpMethod.Get, Serve.FullUri))
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Serve.Token);
            using var wrong = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        }

        using (var request = new HttpRequestMessage(HttpMethod.Get, Serve.FullUri))
        {
            request.Headers.TryAddWithoutValidation("Authorization", Serve.Token);
            using var right = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
            using var body = JsonDocument.Parse(await right.Content.ReadAsStringAsync());
            Assert.EndsWith("Z", body.RootElement.GetProperty("Expiration").GetString(), StringComparison.Ordinal);
        }

        using (var post = await http.PostAsync(new Uri(Serve.FullUri), null))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        }

        using (var unknown = await http.GetAsync(new Uri(Serve.ImdsBase + "/latest/meta-data/ami-id")))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        Assert.Contains("GET /credentials 401", Serve.Log, StringComparison.Ordinal);
        Assert.Contains("GET /credentials 200", Serve.Log, StringComparison.Ordinal);
        Assert.DoesNotContain(Serve.Token, Serve.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Imds_token_rules_hold_over_http_ttl_required_and_echoed_forwarded_requests_refused()
    {
        using var http = new HttpClient();
        var tokenUri = new Uri(Serve.ImdsBase + "/latest/api/token");
        using (var noTtl = await http.PutAsync(tokenUri, null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noTtl.StatusCode);
        }

        using (var forwarded = new HttpRequestMessage(HttpMethod.Put, tokenUri))
        {
            forwarded.Headers.Add("x-aws-ec2-metadata-token-ttl-seconds", "60");
            forwarded.Headers.Add("X-Forwarded-For", "10.0.0.1");
            using var response = await http.SendAsync(forwarded);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        using (var get = await http.GetAsync(tokenUri))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        }

        string token;
        using (var put = new HttpRequestMessage(HttpMethod.Put, tokenUri))
        {
            put.Headers.Add("x-aws-ec2-metadata-token-ttl-seconds", "21600");
            using var response = await http.SendAsync(put);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("21600", response.Headers.GetValues("x-aws-ec2-metadata-token-ttl-seconds").Single());
            token = await response.Content.ReadAsStringAsync();
        }

        using (var unauthorized = await http.GetAsync(new Uri(Serve.ImdsBase + "/latest/meta-data/iam/security-credentials/")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        }

        using var listing = new HttpRequestMessage(HttpMethod.Get, Serve.ImdsBase + "/latest/meta-data/iam/security-credentials-extended");
        listing.Headers.Add("x-aws-ec2-metadata-token", token);
        using var roles = await http.SendAsync(listing);
        Assert.Equal(SeedWorld.RoleAlias, await roles.Content.ReadAsStringAsync());
    }
}
