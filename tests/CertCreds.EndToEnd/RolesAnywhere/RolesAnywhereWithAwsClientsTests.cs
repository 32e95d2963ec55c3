using CertCreds.EndToEnd.Compatibility;

namespace CertCreds.EndToEnd.RolesAnywhere;

/// <summary>
/// IAM Roles Anywhere end to end: the published binary signs CreateSession with SigV4-X509 for the emulator (a real
/// process, minting through moto's sts:AssumeRole with signature checks on), and real AWS clients — AWS CLI v1 and
/// v2, boto3, the .NET SDK and the JavaScript v3 SDK — get the Roles Anywhere role through credential_process, the
/// credentials file written by update, and serve's container and IMDS endpoints. moto answers the assumed role only
/// for genuine credentials, and names the session after the device certificate's serial number.
/// </summary>
[Collection(RolesAnywhereOnMoto.Name)]
public sealed class RolesAnywhereWithAwsClientsTests(RolesAnywhereStsWorld world)
{
    private RolesAnywhereTarget Target => world.Target;

    private static readonly string[] ClientIds = [AwsClients.AwsCliV1.Id, AwsClients.AwsCliV2.Id, AwsClients.Boto3.Id, AwsClients.DotnetSdk.Id, AwsClients.JavascriptSdk.Id];

    public static TheoryData<string> Clients => new(ClientIds);

    public static TheoryData<string, string> ClientsAndDevices()
    {
        var data = new TheoryData<string, string>();
        foreach (var client in ClientIds)
        {
            data.Add(client, RolesAnywhereTarget.RsaDevice);
            data.Add(client, RolesAnywhereTarget.EcDevice);
        }

        return data;
    }

    public static TheoryData<string, string> ClientsAndEndpoints()
    {
        var data = new TheoryData<string, string>();
        foreach (var client in ClientIds)
        {
            data.Add(client, "container");
            data.Add(client, "imds");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ClientsAndDevices))]
    public async Task Each_client_gets_the_roles_anywhere_role_through_credential_process_with_an_intermediate_ca(string client, string device)
    {
        var run = await AwsClients.ById(client).RunCallerIdentityAsync(
            world.Moto.Endpoint,
            world.ClientEnvironment(("AWS_CONFIG_FILE", world.ConfigFile), ("AWS_PROFILE", RolesAnywhereStsWorld.ProcessProfile(device)), ("AWS_EC2_METADATA_DISABLED", "true")));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Target.AssumedRoleArn(device), run.Stdout.Trim());
    }

    [Theory]
    [MemberData(nameof(ClientsAndEndpoints))]
    public async Task Each_client_gets_the_roles_anywhere_role_from_serve(string client, string endpoint)
    {
        (string, string)[] variables = endpoint == "container"
            ? [.. world.Serve.ContainerVariables, ("AWS_EC2_METADATA_DISABLED", "true")]
            : world.Serve.ImdsVariables;

        var run = await AwsClients.ById(client).RunCallerIdentityAsync(world.Moto.Endpoint, world.ClientEnvironment(variables));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Target.AssumedRoleArn(RolesAnywhereTarget.RsaDevice), run.Stdout.Trim());
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task Each_client_reads_the_roles_anywhere_credentials_update_once_wrote(string client)
    {
        var run = await AwsClients.ById(client).RunCallerIdentityAsync(
            world.Moto.Endpoint,
            world.ClientEnvironment(("AWS_SHARED_CREDENTIALS_FILE", world.CredentialsFile), ("AWS_PROFILE", RolesAnywhereStsWorld.FileProfile), ("AWS_EC2_METADATA_DISABLED", "true")));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Target.AssumedRoleArn(RolesAnywhereTarget.EcDevice), run.Stdout.Trim());
    }

    [Fact]
    public async Task A_profile_written_by_configure_with_roles_anywhere_options_works_with_the_aws_cli()
    {
        var config = Path.Combine(world.Home, "configured", "config");
        var configure = await world.RunCertcredsAsync(["configure", "--profile", "ra-configured", .. Target.Arguments(RolesAnywhereTarget.EcDevice)], ("AWS_CONFIG_FILE", config));
        Assert.True(configure.ExitCode == 0, configure.ToString());
        Assert.Contains("--trust-anchor-arn", await File.ReadAllTextAsync(config), StringComparison.Ordinal);

        var run = await AwsClients.AwsCliV1.RunCallerIdentityAsync(
            world.Moto.Endpoint,
            world.ClientEnvironment(("AWS_CONFIG_FILE", config), ("AWS_PROFILE", "ra-configured"), ("AWS_EC2_METADATA_DISABLED", "true")));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Target.AssumedRoleArn(RolesAnywhereTarget.EcDevice), run.Stdout.Trim());
    }

    [Fact]
    public async Task Exec_runs_the_aws_cli_as_the_roles_anywhere_role()
    {
        var run = await world.RunCertcredsAsync(
            ["exec", .. Target.Arguments(RolesAnywhereTarget.EcDevice), "--", ProcessRunner.Require("aws"), "sts", "get-caller-identity", "--endpoint-url", world.Moto.Endpoint, "--query", "Arn", "--output", "text"],
            ("AWS_DEFAULT_REGION", "us-east-1"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Target.AssumedRoleArn(RolesAnywhereTarget.EcDevice), run.Stdout.Trim());
    }

    [Fact]
    public async Task Serve_hands_out_the_roles_anywhere_credentials_and_logs_neither_token_nor_secret()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, world.Serve.FullUri);
        request.Headers.TryAddWithoutValidation("Authorization", world.Serve.Token);

        using var response = await http.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var secret = body.RootElement.GetProperty("SecretAccessKey").GetString()!;
        Assert.StartsWith("ASIA", body.RootElement.GetProperty("AccessKeyId").GetString(), StringComparison.Ordinal);
        Assert.Contains("GET /credentials 200", world.Serve.Log, StringComparison.Ordinal);
        Assert.DoesNotContain(world.Serve.Token, world.Serve.Log, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, world.Serve.Log, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, world.Emulator.Log, StringComparison.Ordinal);
    }
}
