using System.Text.Json;
using CertCreds.Errors;
using CertCreds.Testing;

namespace CertCreds.Tests.Cli;

/// <summary>The verbs with IAM Roles Anywhere, in-process against the emulator's Roles Anywhere listener.</summary>
public sealed class RolesAnywhereCliTests : IAsyncLifetime
{
    private readonly InProcessEmulator emulator = new();

    public Task InitializeAsync() => emulator.InitializeAsync();

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    private Dictionary<string, string> Environment(params (string Name, string Value)[] extra)
    {
        var environment = new Dictionary<string, string> { ["HOME"] = emulator.Folder };
        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return environment;
    }

    private Task<CliRun> RunAsync(params string[] args) => CliHarness.RunAsync(emulator.Folder, Environment(), null, args);

    /// <summary>aws_signing_helper's own flags for the RSA device, plus certcreds' --ca-cert for the emulator's server certificate.</summary>
    private string[] RolesAnywhere(string verb, params string[] extra)
    {
        var target = emulator.RolesAnywhere;
        var device = emulator.RaClient1;
        return
        [
            verb,
            "--certificate", device.CertificatePath,
            "--private-key", device.PrivateKeyPath,
            "--intermediates", device.IntermediatesPath,
            "--trust-anchor-arn", target.TrustAnchorArn,
            "--profile-arn", target.ProfileArn,
            "--role-arn", target.RoleArn,
            "--endpoint", target.Endpoint,
            "--ca-cert", emulator.State.RootCaPath,
            .. extra,
        ];
    }

    private static string AccessKeyId(CliRun run) => JsonDocument.Parse(run.Stdout).RootElement.GetProperty("AccessKeyId").GetString()!;

    private static void AssertFailedCleanly(CliRun run, int exitCode, params string[] expected)
    {
        Assert.True(exitCode == run.ExitCode, run.ToString());
        Assert.Equal(string.Empty, run.Stdout);
        var lines = run.Stderr.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length == 1, "expected one line on stderr: " + run.Stderr);
        Assert.StartsWith("certcreds: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(" — ", lines[0], StringComparison.Ordinal);
        foreach (var text in expected)
        {
            Assert.Contains(text, lines[0], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Credential_process_with_the_three_arns_gets_credentials_from_roles_anywhere()
    {
        var run = await RunAsync(RolesAnywhere("credential-process", "--no-cache"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("ASIA", AccessKeyId(run), StringComparison.Ordinal);
        var session = Assert.Single(emulator.Server.Sessions);
        Assert.Equal(201, session.Status);
        Assert.Equal(emulator.RaClient1.SerialNumber, session.SerialNumber);
        Assert.Empty(emulator.Server.Requests);
    }

    [Fact]
    public async Task An_ec_device_signs_with_ecdsa_and_gets_credentials()
    {
        var target = emulator.RolesAnywhere;
        var device = emulator.RaClient2;
        var run = await RunAsync(
            "credential-process", "--no-cache", "--certificate", device.CertificatePath, "--private-key", device.PrivateKeyPath, "--intermediates", device.IntermediatesPath,
            "--trust-anchor-arn", target.TrustAnchorArn, "--profile-arn", target.ProfileArn, "--role-arn", target.RoleArn, "--endpoint", target.Endpoint, "--ca-cert", emulator.State.RootCaPath);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(201, Assert.Single(emulator.Server.Sessions).Status);
    }

    [Fact]
    public async Task Intermediates_that_follow_the_leaf_in_the_certificate_file_are_sent_as_before()
    {
        var device = emulator.RaClient1;
        var bundled = Path.Combine(emulator.Folder, "leaf-and-chain.pem");
        await File.WriteAllTextAsync(bundled, await File.ReadAllTextAsync(device.CertificatePath) + "\n" + await File.ReadAllTextAsync(device.IntermediatesPath));
        var args = RolesAnywhere("credential-process", "--no-cache").ToList();
        var intermediates = args.IndexOf("--intermediates");
        args.RemoveRange(intermediates, 2);
        args[args.IndexOf(device.CertificatePath)] = bundled;
        var run = await RunAsync([.. args]);
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task Without_the_intermediate_the_service_rejects_the_certificate_with_exit_code_5()
    {
        var args = RolesAnywhere("credential-process", "--no-cache").ToList();
        args.RemoveRange(args.IndexOf("--intermediates"), 2);
        var run = await RunAsync([.. args]);
        AssertFailedCleanly(run, ExitCodes.Rejected);
        Assert.Equal(403, Assert.Single(emulator.Server.Sessions).Status);
    }

    [Fact]
    public async Task A_session_duration_above_the_profiles_cap_is_a_rejection_with_exit_code_5()
    {
        var run = await RunAsync(RolesAnywhere("credential-process", "--no-cache", "--session-duration", "7200"));
        AssertFailedCleanly(run, ExitCodes.Rejected);
    }

    [Fact]
    public async Task The_cache_serves_the_second_call_and_keeps_iot_and_roles_anywhere_entries_apart()
    {
        var first = await RunAsync(RolesAnywhere("credential-process"));
        var second = await RunAsync(RolesAnywhere("credential-process"));
        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first.ToString() + second.ToString());
        Assert.Equal(AccessKeyId(first), AccessKeyId(second));
        Assert.Single(emulator.Server.Sessions);

        var iot = await CliHarness.RunAsync(emulator.Folder, Environment(), null, [.. emulator.Arguments()]);
        Assert.True(iot.ExitCode == 0, iot.ToString());
        Assert.NotEqual(AccessKeyId(first), AccessKeyId(iot));
        Assert.Single(emulator.Server.Requests);

        var entries = Directory.GetFiles(Path.Combine(emulator.Folder, ".cache", "certcreds"), "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)).ToArray();
        Assert.True(entries.Length >= 2, string.Join(", ", entries));

        var third = await RunAsync(RolesAnywhere("credential-process", "--session-duration", "900"));
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Equal(2, emulator.Server.Sessions.Count);
    }

    [Fact]
    public async Task Environment_variables_select_roles_anywhere_like_the_options()
    {
        var target = emulator.RolesAnywhere;
        var device = emulator.RaClient1;
        var environment = Environment(
            ("CERTCREDS_TRUST_ANCHOR_ARN", target.TrustAnchorArn),
            ("CERTCREDS_PROFILE_ARN", target.ProfileArn),
            ("CERTCREDS_ROLE_ARN", target.RoleArn),
            ("CERTCREDS_ENDPOINT", target.Endpoint),
            ("CERTCREDS_INTERMEDIATES", device.IntermediatesPath),
            ("CERTCREDS_CERTIFICATE", device.CertificatePath),
            ("CERTCREDS_PRIVATE_KEY", device.PrivateKeyPath),
            ("CERTCREDS_CA_CERT", emulator.State.RootCaPath),
            ("CERTCREDS_SESSION_DURATION", "900"),
            ("CERTCREDS_NO_CACHE", "1"));
        var run = await CliHarness.RunAsync(emulator.Folder, environment, null, "credential-process");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Single(emulator.Server.Sessions);
    }

    [Fact]
    public async Task Debug_traces_the_signed_request_on_stderr_and_never_a_secret()
    {
        var run = await RunAsync(RolesAnywhere("credential-process", "--no-cache", "--debug", "--with-proxy"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("certcreds: trace:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("signed with AWS4-X509-RSA-SHA256", run.Stderr, StringComparison.Ordinal);
        var document = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.DoesNotContain(document.GetProperty("SecretAccessKey").GetString()!, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(document.GetProperty("SessionToken").GetString()!, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_with_aws_signing_helpers_profile_flag_and_once_writes_the_section()
    {
        var run = await RunAsync(RolesAnywhere("update", "--profile", "ra", "--once"));
        Assert.True(run.ExitCode == 0, run.ToString());
        var credentials = await File.ReadAllTextAsync(Path.Combine(emulator.Folder, ".aws", "credentials"));
        Assert.Contains("[ra]", credentials, StringComparison.Ordinal);
        Assert.Contains("aws_session_token", credentials, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_without_a_profile_writes_default_for_roles_anywhere_as_aws_signing_helper_does()
    {
        var run = await RunAsync(RolesAnywhere("update", "--once"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("[default]", await File.ReadAllTextAsync(Path.Combine(emulator.Folder, ".aws", "credentials")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_without_a_profile_stays_a_usage_error_for_iot()
    {
        var run = await CliHarness.RunAsync(emulator.Folder, Environment(), null, ["update", .. emulator.Arguments().Skip(1), "--once"]);
        AssertFailedCleanly(run, ExitCodes.Usage, "--profile-name");
    }

    [Fact]
    public async Task Configure_writes_the_roles_anywhere_line_and_doctor_profile_accepts_it()
    {
        var binary = Path.Combine(emulator.Folder, "certcreds");
        await File.WriteAllTextAsync(binary, "#!/bin/sh\n");
        var configure = await RunAsync(RolesAnywhere("configure", "--profile", "ra", "--command", binary));
        Assert.True(configure.ExitCode == 0, configure.ToString());
        var config = await File.ReadAllTextAsync(Path.Combine(emulator.Folder, ".aws", "config"));
        var line = config.Split('\n').Single(l => l.StartsWith("credential_process", StringComparison.Ordinal));
        Assert.Contains($"--trust-anchor-arn {emulator.RolesAnywhere.TrustAnchorArn}", line, StringComparison.Ordinal);
        Assert.Contains($"--intermediates {emulator.RaClient1.IntermediatesPath}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("--role-alias", line, StringComparison.Ordinal);

        var doctor = await RunAsync(RolesAnywhere("doctor", "--profile", "ra"));
        Assert.True(doctor.Stdout.Contains("[pass] profile", StringComparison.Ordinal), doctor.ToString());

        var other = await RunAsync(RolesAnywhere("doctor", "--profile", "ra", "--session-duration", "900"));
        Assert.Contains("[FAIL] profile", other.Stdout, StringComparison.Ordinal);
        Assert.Contains("--session-duration", other.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_checks_the_roles_anywhere_endpoint_and_sends_a_signed_create_session()
    {
        var run = await RunAsync(RolesAnywhere("doctor"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("[pass] endpoint", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("[pass] request", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("[pass] clock", run.Stdout, StringComparison.Ordinal);
        Assert.Single(emulator.Server.Sessions);
    }

    [Fact]
    public async Task Doctor_reports_a_rejected_create_session_with_its_exit_code()
    {
        var args = RolesAnywhere("doctor").ToList();
        args.RemoveRange(args.IndexOf("--intermediates"), 2);
        var run = await RunAsync([.. args]);
        Assert.True(run.ExitCode == ExitCodes.Rejected, run.ToString());
        Assert.Contains("[FAIL] request", run.Stdout, StringComparison.Ordinal);
    }
}
