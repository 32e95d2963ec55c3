using CertCreds.EndToEnd.Compatibility;

namespace CertCreds.EndToEnd.RolesAnywhere;

/// <summary>
/// aws_signing_helper's command lines with <c>aws_signing_helper</c> replaced by <c>certcreds</c> and nothing else
/// changed — <c>credential-process</c> with its flags, <c>serve --port N</c>, <c>update --profile NAME --once</c> —
/// against the emulator on moto, checked with the AWS CLI. Each adds one thing, <c>--ca-cert DIR/AmazonRootCA1.pem</c>:
/// the emulator's server certificate comes from its own throwaway root, not an Amazon root, and certcreds trusts only
/// the Amazon roots for Roles Anywhere unless told otherwise (against AWS the lines need nothing added).
/// </summary>
[Collection(RolesAnywhereOnMoto.Name)]
public sealed class SigningHelperCommandLinesTests(RolesAnywhereStsWorld world)
{
    private RolesAnywhereTarget Target => world.Target;

    private string[] CaCert => ["--ca-cert", Target.CaFile];

    [Theory]
    [MemberData(nameof(RolesAnywhereTarget.Devices), MemberType = typeof(RolesAnywhereTarget))]
    public async Task Its_credential_process_line_gives_the_aws_cli_the_role(string device)
    {
        var config = Path.Combine(world.Home, $"signing-helper-{device}.config");
        var line = RolesAnywhereTarget.CredentialProcessLine(PublishedBinary.Path, ["credential-process", .. Target.SigningHelperArguments(device), .. CaCert]);
        await File.WriteAllTextAsync(config, $"[profile helper]\ncredential_process = {line}\nregion = us-east-1\n");

        var run = await AwsClients.AwsCliV1.RunCallerIdentityAsync(
            world.Moto.Endpoint,
            world.ClientEnvironment(("AWS_CONFIG_FILE", config), ("AWS_PROFILE", "helper"), ("AWS_EC2_METADATA_DISABLED", "true")));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Target.AssumedRoleArn(device), run.Stdout.Trim());
    }

    [Fact]
    public async Task Its_accepted_extra_flags_with_proxy_and_debug_change_nothing_on_stdout()
    {
        var run = await world.RunCertcredsAsync(["credential-process", .. Target.SigningHelperArguments(RolesAnywhereTarget.RsaDevice), "--with-proxy", "--debug", .. CaCert, "--no-cache"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = System.Text.Json.JsonDocument.Parse(run.Stdout);
        Assert.Equal(1, document.RootElement.GetProperty("Version").GetInt32());
        var secret = document.RootElement.GetProperty("SecretAccessKey").GetString()!;
        Assert.NotEqual(string.Empty, run.Stderr);
        Assert.DoesNotContain(secret, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(document.RootElement.GetProperty("SessionToken").GetString()!, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Its_serve_line_with_a_port_serves_imds_there_for_the_aws_cli()
    {
        var port = FreePort.Next();
        await using var serve = await ServeProcess.StartAsync(
            [.. Target.SigningHelperArguments(RolesAnywhereTarget.EcDevice), .. CaCert, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            ProcessRunner.CleanEnvironment(world.Home));

        var run = await AwsClients.AwsCliV1.RunCallerIdentityAsync(
            world.Moto.Endpoint,
            world.ClientEnvironment(("AWS_EC2_METADATA_SERVICE_ENDPOINT", $"http://127.0.0.1:{port}/")));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Target.AssumedRoleArn(RolesAnywhereTarget.EcDevice), run.Stdout.Trim());
        Assert.Equal($"http://127.0.0.1:{port}/", serve.ImdsEndpoint);
    }

    [Fact]
    public async Task Its_update_line_with_profile_and_once_writes_that_profile_for_the_aws_cli()
    {
        var credentials = Path.Combine(world.Home, "signing-helper-credentials");
        await File.WriteAllTextAsync(credentials, "[kept]\naws_access_key_id = AKIAKEPT000000000000\naws_secret_access_key = kept\n");
        var update = await ProcessRunner.RunAsync(
            PublishedBinary.Path,
            ["update", .. Target.SigningHelperArguments(RolesAnywhereTarget.RsaDevice), .. CaCert, "--profile", "helper-written", "--once"],
            ProcessRunner.CleanEnvironment(world.Home, ("AWS_SHARED_CREDENTIALS_FILE", credentials)),
            workingDirectory: world.Home);
        Assert.True(update.ExitCode == 0, update.ToString());

        var run = await AwsClients.AwsCliV1.RunCallerIdentityAsync(
            world.Moto.Endpoint,
            world.ClientEnvironment(("AWS_SHARED_CREDENTIALS_FILE", credentials), ("AWS_PROFILE", "helper-written"), ("AWS_EC2_METADATA_DISABLED", "true")));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Target.AssumedRoleArn(RolesAnywhereTarget.RsaDevice), run.Stdout.Trim());
        Assert.StartsWith("[kept]\naws_access_key_id = AKIAKEPT000000000000\naws_secret_access_key = kept\n", await File.ReadAllTextAsync(credentials), StringComparison.Ordinal);
    }
}
