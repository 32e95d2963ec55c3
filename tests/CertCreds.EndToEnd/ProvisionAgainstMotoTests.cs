using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CertCreds.Testing;

namespace CertCreds.EndToEnd;

/// <summary>
/// <c>certcreds provision</c> and <c>deprovision</c>, the published binary against moto's IAM and IoT models. moto's
/// IoT signature check refuses correctly signed GETs and queries (even boto3's), so these run with its checks off,
/// as a fresh moto starts; the IoT and IAM signatures are proven against botocore's signer in AwsSignerTests, and
/// one test here turns checks on for IAM (which moto checks correctly) to see a real permission refusal. The final
/// fetch cannot reach a credentials provider through moto (it has none), so these pass --no-verify.
/// </summary>
public sealed class ProvisionAgainstMotoTests : IAsyncLifetime
{
    private const string CallerSecret = "caller-secret-never-printed";
    private Testing.Emulator.MotoServer? moto;
    private readonly string home = Directory.CreateTempSubdirectory("certcreds-e2e-provision-").FullName;

    private string Endpoint => moto!.Endpoint.ToString().TrimEnd('/');

    private string Out => Path.Combine(home, "device files");

    public async Task InitializeAsync() => moto = await Testing.Emulator.MotoServer.StartAsync();

    public Task DisposeAsync()
    {
        moto?.Dispose();
        Directory.Delete(home, recursive: true);
        return Task.CompletedTask;
    }

    private Dictionary<string, string> Environment(params (string Name, string Value)[] extra) => ProcessRunner.CleanEnvironment(
        home,
        [("AWS_ENDPOINT_URL", Endpoint), ("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"), ("AWS_SECRET_ACCESS_KEY", CallerSecret), ("AWS_REGION", "us-east-1"),
         ("AWS_CONFIG_FILE", Path.Combine(home, "config")), ("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(home, "credentials")), ("AWS_EC2_METADATA_DISABLED", "true"), .. extra]);

    private Task<CliRun> CertcredsAsync(string[] args, Dictionary<string, string>? environment = null) =>
        ProcessRunner.RunAsync(PublishedBinary.Path, args, environment ?? Environment(), workingDirectory: home);

    private Task<CliRun> ProvisionAsync(params string[] extra) =>
        CertcredsAsync(["provision", "--thing-name", "device-1", "--out", Out, "--create-keys-and-certificate", "--no-verify", .. extra]);

    private async Task<JsonElement> StateAsync(params string[] action)
    {
        var run = await ProcessRunner.RunAsync(ProcessRunner.Require("python3"), [Path.Combine(AppContext.BaseDirectory, "scripts", "moto_iot_state.py"), Endpoint, .. action], Environment());
        Assert.True(run.ExitCode == 0, run.ToString());
        return action.Length > 0 && action[0] != "limited-user" ? default : JsonDocument.Parse(run.Stdout).RootElement.Clone();
    }

    private static void AssertSuccess(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain(CallerSecret, run.AllOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", run.AllOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provision_from_an_empty_account_makes_the_least_privilege_resources_and_the_device_files()
    {
        var run = await ProvisionAsync();

        AssertSuccess(run);
        var state = await StateAsync();
        var role = state.GetProperty("roles").GetProperty("certcreds-device-role");
        Assert.Equal("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"credentials.iot.amazonaws.com"},"Action":"sts:AssumeRole"}]}""", role.GetProperty("trust").GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal));
        var alias = state.GetProperty("aliases").GetProperty("certcreds-device-role-alias");
        Assert.Equal(role.GetProperty("arn").GetString(), alias.GetProperty("roleArn").GetString());
        Assert.Equal(3600, alias.GetProperty("duration").GetInt32());
        var policy = state.GetProperty("policies").GetProperty("certcreds-device-policy");
        Assert.Equal(
            $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:AssumeRoleWithCertificate","Resource":"{{alias.GetProperty("arn").GetString()}}"}]}""",
            policy.GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal));

        // The key matches the certificate, and that certificate is the one the thing has, with the policy.
        using var certificate = X509Certificate2.CreateFromPemFile(Path.Combine(Out, "certificate.pem.crt"), Path.Combine(Out, "private.pem.key"));
        var registered = Assert.Single(state.GetProperty("certificates").EnumerateObject()).Value;
        using var inAccount = X509Certificate2.CreateFromPem(registered.GetProperty("pem").GetString());
        Assert.Equal(certificate.RawData, inAccount.RawData);
        Assert.Equal("ACTIVE", registered.GetProperty("status").GetString());
        var principal = Assert.Single(state.GetProperty("things").GetProperty("device-1").GetProperty("principals").EnumerateArray()).GetString();
        Assert.Equal(registered.GetProperty("arn").GetString(), principal);
        Assert.Equal(["certcreds-device-policy"], registered.GetProperty("policies").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(Out, "private.pem.key")));
        Assert.Contains("-----BEGIN CERTIFICATE-----", await File.ReadAllTextAsync(Path.Combine(Out, "AmazonRootCA1.pem")), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Out, "*.tmp"));

        Assert.Matches(
            "^credential_process = \\S+ credential-process --endpoint [a-z0-9]+\\.credentials\\.iot\\.us-east-1\\.amazonaws\\.com --role-alias certcreds-device-role-alias --certificate '[^']+/device files/certificate\\.pem\\.crt' --private-key '[^']+/device files/private\\.pem\\.key' --thing-name device-1\n$",
            run.Stdout);
        Assert.Contains("not verified (--no-verify)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Running_provision_again_changes_nothing_and_makes_no_second_certificate()
    {
        AssertSuccess(await ProvisionAsync());
        var before = await StateAsync();
        var keyBefore = await File.ReadAllTextAsync(Path.Combine(Out, "private.pem.key"));

        var again = await ProvisionAsync();
        var plan = await ProvisionAsync("--dry-run");

        AssertSuccess(again);
        Assert.DoesNotContain("created", again.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("attached", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(before.GetRawText(), (await StateAsync()).GetRawText());
        Assert.Equal(keyBefore, await File.ReadAllTextAsync(Path.Combine(Out, "private.pem.key")));
        AssertSuccess(plan);
        Assert.DoesNotContain("create ", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("reuse   iam role certcreds-device-role\n", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("reuse   iot certificate ", plan.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_drifted_alias_duration_is_reported_and_left_alone_until_update()
    {
        AssertSuccess(await ProvisionAsync());
        await StateAsync("drift-alias", "certcreds-device-role-alias", "900");

        var refused = await ProvisionAsync();

        Assert.Equal(2, refused.ExitCode);
        Assert.Empty(refused.Stdout);
        Assert.Contains("its credentialDurationSeconds is 900, provision wants 3600", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("--update", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(900, (await StateAsync()).GetProperty("aliases").GetProperty("certcreds-device-role-alias").GetProperty("duration").GetInt32());

        var updated = await ProvisionAsync("--update");

        AssertSuccess(updated);
        Assert.Contains("updated IoT role alias certcreds-device-role-alias", updated.Stderr, StringComparison.Ordinal);
        Assert.Equal(3600, (await StateAsync()).GetProperty("aliases").GetProperty("certcreds-device-role-alias").GetProperty("duration").GetInt32());
    }

    [Fact]
    public async Task A_dry_run_prints_the_plan_with_aws_cli_commands_and_creates_nothing()
    {
        var run = await ProvisionAsync("--dry-run");

        AssertSuccess(run);
        Assert.Contains("create  iam role certcreds-device-role\n        $ aws iam create-role --role-name certcreds-device-role --assume-role-policy-document '", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("create  iot role alias certcreds-device-role-alias\n        $ aws iot create-role-alias ", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("$ aws iot create-keys-and-certificate --set-as-active", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("$ aws iot describe-endpoint --endpoint-type iot:CredentialProvider --region us-east-1", run.Stdout, StringComparison.Ordinal);
        var state = await StateAsync();
        Assert.Empty(state.GetProperty("roles").EnumerateObject());
        Assert.Empty(state.GetProperty("things").EnumerateObject());
        Assert.Empty(state.GetProperty("certificates").EnumerateObject());
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public async Task A_thing_group_and_thing_policy_variables_are_set_up()
    {
        var run = await ProvisionAsync("--thing-group", "fleet", "--thing-policy-variables", "--duration", "7200");

        AssertSuccess(run);
        var state = await StateAsync();
        Assert.Equal(["fleet"], state.GetProperty("things").GetProperty("device-1").GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
        var statement = state.GetProperty("policies").GetProperty("certcreds-device-policy").GetProperty("Statement")[0];
        Assert.Equal("true", statement.GetProperty("Condition").GetProperty("Bool").GetProperty("iot:Connection.Thing.IsAttached").GetString());
        Assert.Equal(7200, state.GetProperty("roles").GetProperty("certcreds-device-role").GetProperty("maxSession").GetInt32());
        Assert.Equal(7200, state.GetProperty("aliases").GetProperty("certcreds-device-role-alias").GetProperty("duration").GetInt32());
        AssertSuccess(await ProvisionAsync("--thing-group", "fleet", "--thing-policy-variables", "--duration", "7200"));
    }

    [Fact]
    public async Task Deprovision_removes_the_certificate_and_thing_but_keeps_the_shared_role_alias_and_policy()
    {
        AssertSuccess(await ProvisionAsync());

        var run = await CertcredsAsync(["deprovision", "--thing-name", "device-1", "--delete-thing"]);

        AssertSuccess(run);
        Assert.Contains("deactivated certificate", run.Stderr, StringComparison.Ordinal);
        var state = await StateAsync();
        Assert.Empty(state.GetProperty("certificates").EnumerateObject());
        Assert.Empty(state.GetProperty("things").EnumerateObject());
        Assert.True(state.GetProperty("roles").TryGetProperty("certcreds-device-role", out _));
        Assert.True(state.GetProperty("aliases").TryGetProperty("certcreds-device-role-alias", out _));
        Assert.True(state.GetProperty("policies").TryGetProperty("certcreds-device-policy", out _));

        var shared = await CertcredsAsync(["provision", "--thing-name", "device-2", "--out", Path.Combine(home, "two"), "--create-keys-and-certificate", "--no-verify"]);
        AssertSuccess(shared);
        var all = await CertcredsAsync(["deprovision", "--thing-name", "device-2", "--delete-thing", "--delete-role-alias", "certcreds-device-role-alias", "--delete-policy", "certcreds-device-policy", "--delete-role", "certcreds-device-role"]);
        AssertSuccess(all);
        state = await StateAsync();
        Assert.Empty(state.GetProperty("roles").EnumerateObject());
        Assert.Empty(state.GetProperty("aliases").EnumerateObject());
        Assert.Empty(state.GetProperty("policies").EnumerateObject());
    }

    [Fact]
    public async Task An_alias_name_taken_by_an_alias_for_another_role_is_refused_without_changes()
    {
        await StateAsync("alias-to", "certcreds-device-role-alias", "arn:aws:iam::123456789012:role/someone-else");

        var run = await ProvisionAsync();

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Matches("^certcreds: .*iot role alias certcreds-device-role-alias: it points at arn:aws:iam::123456789012:role/someone-else, not at arn:aws:iam::123456789012:role/certcreds-device-role.* — run again with --update", run.Stderr);
        Assert.Empty((await StateAsync()).GetProperty("things").EnumerateObject());
    }

    [Fact]
    public async Task A_certificate_that_does_not_match_the_local_key_is_refused()
    {
        // CreateCertificateFromCsr is the default. moto signs a key of its own instead of the CSR's: exactly the
        // answer a device must never accept.
        var run = await CertcredsAsync(["provision", "--thing-name", "device-1", "--out", Out, "--no-verify"]);

        Assert.Equal(7, run.ExitCode);
        Assert.Contains("returned certificate", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("for another public key than the CSR's", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Out, "private.pem.key")));
    }

    [Fact]
    public async Task Missing_region_and_missing_credentials_are_usage_errors_before_any_call()
    {
        var noRegion = await CertcredsAsync(["provision", "--thing-name", "device-1"], Environment(("AWS_REGION", "")));
        var badRegion = await CertcredsAsync(["provision", "--thing-name", "device-1", "--region", "mars"]);
        var noCredentials = await CertcredsAsync(["provision", "--thing-name", "device-1", "--dry-run"], Environment(("AWS_ACCESS_KEY_ID", ""), ("AWS_SECRET_ACCESS_KEY", "")));

        Assert.Equal(2, noRegion.ExitCode);
        Assert.Contains("no AWS region given — pass --region", noRegion.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, badRegion.ExitCode);
        Assert.Contains("'mars' is not an AWS region name", badRegion.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, noCredentials.ExitCode);
        Assert.Contains("provision needs your AWS credentials", noCredentials.Stderr, StringComparison.Ordinal);
        Assert.All((CliRun[])[noRegion, badRegion, noCredentials], r => Assert.Empty(r.Stdout));
    }

    [Fact]
    public async Task A_caller_without_iam_permissions_is_told_which_action_is_missing()
    {
        // The caller comes from a credential_process profile, resolved by the AWS SDK's chain; moto then checks IAM
        // signatures and permissions for real.
        var key = await StateAsync("limited-user", "no-rights");
        var process = Path.Combine(home, "caller.sh");
        await File.WriteAllTextAsync(process, $"#!/bin/sh\necho '{{\"Version\":1,\"AccessKeyId\":\"{key.GetProperty("AccessKeyId").GetString()}\",\"SecretAccessKey\":\"{key.GetProperty("SecretAccessKey").GetString()}\"}}'\n");
        File.SetUnixFileMode(process, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await File.WriteAllTextAsync(Path.Combine(home, "config"), $"[profile limited]\ncredential_process = {process}\n");
        await StateAsync("auth-on");

        var run = await CertcredsAsync(["provision", "--thing-name", "device-1", "--no-verify"], Environment(("AWS_ACCESS_KEY_ID", ""), ("AWS_SECRET_ACCESS_KEY", ""), ("AWS_PROFILE", "limited")));

        Assert.Equal(5, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains("your AWS identity may not call iam:GetRole", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("allow the IAM action iam:GetRole", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(key.GetProperty("SecretAccessKey").GetString()!, run.AllOutput, StringComparison.Ordinal);
    }
}
