using System.Diagnostics;
using System.Text.Json;
using CertCreds.Emulator.Faults;
using CertCreds.Emulator.Registry;
using CertCreds.Errors;
using CertCreds.Protocol;
using CertCreds.Testing;

namespace CertCreds.EndToEnd;

/// <summary>
/// The published binary against a real loopback mTLS server (the emulator): the happy path, every error row of
/// the spec, faults, deadline, trust and proxy — checking exit code, the one-line message, and that stdout
/// carries nothing on failure.
/// </summary>
public sealed class CredentialProcessAgainstEmulatorTests : IAsyncLifetime
{
    private readonly InProcessEmulator emulator = new();

    public Task InitializeAsync() => emulator.InitializeAsync();

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    private Task<CliRun> RunAsync(IEnumerable<string> args, params (string Name, string Value)[] environment) =>
        ProcessRunner.RunAsync(PublishedBinary.Path, args, ProcessRunner.CleanEnvironment(emulator.Folder, environment), workingDirectory: emulator.Folder);

    private static void AssertSuccess(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = JsonDocument.Parse(run.Stdout);
        Assert.Equal(1, document.RootElement.GetProperty("Version").GetInt32());
        var secret = document.RootElement.GetProperty("SecretAccessKey").GetString()!;
        Assert.DoesNotContain(secret, run.Stderr, StringComparison.Ordinal);
    }

    private static void AssertFailure(CliRun run, int exitCode, params string[] fragments)
    {
        Assert.True(run.ExitCode == exitCode, run.ToString());
        Assert.Equal(string.Empty, run.Stdout);
        var line = Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("certcreds: ", line, StringComparison.Ordinal);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Happy_path_with_a_thing_name_sends_the_header_and_prints_credentials()
    {
        var run = await RunAsync(emulator.Arguments("--thing-name", "client1"));
        AssertSuccess(run);
        var request = Assert.Single(emulator.Server.Requests);
        Assert.Equal("client1", request.ThingName);
        Assert.Equal("localhost", request.Sni);
        Assert.Equal(emulator.Client1.CertificateId, request.CertificateId);
        Assert.Equal("/role-aliases/alias-for-roles-anywhere/credentials", request.Path);
    }

    [Fact]
    public async Task Happy_path_without_a_thing_name_sends_no_header()
    {
        var run = await RunAsync(emulator.Arguments());
        AssertSuccess(run);
        Assert.Null(Assert.Single(emulator.Server.Requests).ThingName);
    }

    [Fact]
    public async Task Relative_paths_work_from_the_files_folder_like_the_seed_script()
    {
        var state = emulator.State.Path;
        var args = new List<string> { "credential-process", "--endpoint", emulator.Server.Endpoint, "--role-alias", "alias-for-roles-anywhere", "--certificate", "client1/certificate.pem.crt", "--private-key", "client1/private.pem.key", "--ca-cert", "AmazonRootCA1.pem" };
        var run = await ProcessRunner.RunAsync(PublishedBinary.Path, args, ProcessRunner.CleanEnvironment(emulator.Folder), workingDirectory: state);
        AssertSuccess(run);
    }

    [Fact]
    public async Task Thing_not_attached_to_the_certificate_is_rejected_with_the_thing_hint()
    {
        emulator.Server.Registry.Update(r => r.Things.Add(new ThingEntry { Name = "orphan" }));
        var run = await RunAsync(emulator.Arguments("--thing-name", "orphan"));
        AssertFailure(run, ExitCodes.Rejected, "403", IotProtocol.InvalidThingMessage, "request id", "'orphan' does not exist or is not attached", "--thing-name");
    }

    [Fact]
    public async Task Missing_thing_is_rejected_like_an_unattached_one()
    {
        var run = await RunAsync(emulator.Arguments("--thing-name", "client2"));
        AssertFailure(run, ExitCodes.Rejected, "403", IotProtocol.InvalidThingMessage);
    }

    [Fact]
    public async Task Missing_policy_is_rejected_with_the_policy_hint()
    {
        emulator.Server.Registry.Update(r => r.Policies.Clear());
        var run = await RunAsync(emulator.Arguments());
        AssertFailure(run, ExitCodes.Rejected, "403", IotProtocol.AccessDeniedMessage, "iot:AssumeRoleWithCertificate");
    }

    [Fact]
    public async Task Missing_alias_is_rejected_with_the_alias_hint()
    {
        emulator.Server.Registry.Update(r => r.Policies[0].AllowedRoleAliasArns.Add("arn:aws:iot:*:*:rolealias/*"));
        var run = await RunAsync(emulator.Arguments("--role-alias", "Alias-For-Roles-Anywhere"));
        AssertFailure(run, ExitCodes.Rejected, "404", IotProtocol.AliasMissingMessage, "'Alias-For-Roles-Anywhere'", "case-sensitive");
    }

    [Fact]
    public async Task Role_without_trust_is_rejected_with_the_trust_hint()
    {
        emulator.Server.Registry.Update(r => r.Roles[0].TrustsCredentialsProvider = false);
        var run = await RunAsync(emulator.Arguments());
        AssertFailure(run, ExitCodes.Rejected, "400", IotProtocol.UnableToAssumeRoleMessage, "credentials.iot.amazonaws.com");
    }

    [Fact]
    public async Task Alias_duration_above_max_session_is_rejected_with_the_duration_hint()
    {
        emulator.Server.Registry.Update(r => r.RoleAliases[0].CredentialDurationSeconds = 7200);
        var run = await RunAsync(emulator.Arguments());
        AssertFailure(run, ExitCodes.Rejected, "400", IotProtocol.DurationTooLongMessage, "MaxSessionDuration");
    }

    [Theory]
    [InlineData(CertificateStatus.Inactive)]
    [InlineData(CertificateStatus.Revoked)]
    public async Task Inactive_or_revoked_certificate_is_rejected_as_invalid_on_this_endpoint(CertificateStatus status)
    {
        emulator.Server.Registry.Update(r => r.Certificates.Single(c => c.Id == emulator.Client1.CertificateId).Status = status);
        var run = await RunAsync(emulator.Arguments());
        AssertFailure(run, ExitCodes.Rejected, "403", IotProtocol.CertificateInvalidMessage, "ACTIVE");
    }

    [Fact]
    public async Task Wrong_sni_is_rejected_as_invalid_on_this_endpoint()
    {
        // The emulator now expects an AWS-like host name; certcreds connects as localhost, so SNI does not match.
        emulator.Server.Registry.Update(r => r.Settings.HostName = "abcdefghijklm.credentials.iot.us-east-1.amazonaws.com");
        var run = await RunAsync(emulator.Arguments());
        AssertFailure(run, ExitCodes.Rejected, "403", IotProtocol.CertificateInvalidMessage);
        Assert.Equal("localhost", Assert.Single(emulator.Server.Requests).Sni);
    }

    [Fact]
    public async Task Transient_503s_are_retried_until_credentials_arrive()
    {
        emulator.Server.Faults.Enqueue(FaultSpec.WithStatus(503), FaultSpec.WithStatus(503));
        var run = await RunAsync(emulator.Arguments());
        AssertSuccess(run);
        Assert.Equal([503, 503, 200], emulator.Server.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task Throttling_that_never_ends_is_a_transient_error_after_the_deadline()
    {
        for (var i = 0; i < 20; i++)
        {
            emulator.Server.Faults.Enqueue(FaultSpec.Throttle());
        }

        var run = await RunAsync(emulator.Arguments("--timeout", "2"));
        AssertFailure(run, ExitCodes.Transient, "429", "rate limit");
        Assert.True(emulator.Server.Requests.Count >= 2, "throttling must be retried");
    }

    [Fact]
    public async Task A_hanging_server_cannot_outlast_the_deadline()
    {
        emulator.Server.Faults.Enqueue(FaultSpec.Of(FaultKind.Hang));
        _ = PublishedBinary.Path; // publishing (first use) must not count against the deadline
        var watch = Stopwatch.StartNew();
        var run = await RunAsync(emulator.Arguments("--timeout", "2"));
        watch.Stop();
        AssertFailure(run, ExitCodes.Transient, "within the 2 s deadline");
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(6));
    }

    [Fact]
    public async Task A_connection_reset_mid_body_is_retried()
    {
        emulator.Server.Faults.Enqueue(FaultSpec.Of(FaultKind.ResetMidBody));
        var run = await RunAsync(emulator.Arguments());
        AssertSuccess(run);
        Assert.Equal(2, emulator.Server.Requests.Count);
    }

    [Theory]
    [InlineData(FaultKind.MalformedJson)]
    [InlineData(FaultKind.CapitalisedKeys)]
    [InlineData(FaultKind.OversizedBody)]
    public async Task Broken_success_bodies_are_invalid_responses_with_nothing_on_stdout(FaultKind kind)
    {
        emulator.Server.Faults.Enqueue(FaultSpec.Of(kind));
        var run = await RunAsync(emulator.Arguments());
        AssertFailure(run, ExitCodes.InvalidResponse);
    }

    [Fact]
    public async Task Credentials_expired_on_arrival_blame_the_clock()
    {
        emulator.Server.Faults.Enqueue(FaultSpec.Of(FaultKind.PastExpiration));
        var run = await RunAsync(emulator.Arguments());
        AssertFailure(run, ExitCodes.InvalidResponse, "already past", "clock");
    }

    [Theory]
    [InlineData(FaultKind.FractionalExpiration)]
    [InlineData(FaultKind.OffsetExpiration)]
    public async Task Fractional_and_offset_expirations_come_out_as_whole_seconds_utc(FaultKind kind)
    {
        emulator.Server.Faults.Enqueue(FaultSpec.Of(kind));
        var run = await RunAsync(emulator.Arguments());
        AssertSuccess(run);
        using var document = JsonDocument.Parse(run.Stdout);
        Assert.Matches("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$", document.RootElement.GetProperty("Expiration").GetString()!);
    }

    [Fact]
    public async Task Short_lived_credentials_are_handed_out_with_a_warning_about_the_refresh_window()
    {
        emulator.Server.Registry.Update(r => r.RoleAliases[0].CredentialDurationSeconds = 900);
        var run = await RunAsync(emulator.Arguments());
        AssertSuccess(run);
        Assert.Contains("warning", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("15 min", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trust_anchor_that_did_not_issue_the_server_certificate_is_a_trust_error()
    {
        using var pki = new TestIdentities();
        var otherCa = pki.Write("other-ca.pem", TestIdentities.CertificatePem(pki.Ca));
        var args = emulator.Arguments();
        args[args.IndexOf("--ca-cert") + 1] = otherCa;
        var run = await RunAsync(args);
        AssertFailure(run, ExitCodes.Trust, "not trusted", "--ca-cert");
        Assert.Empty(emulator.Server.Requests);
    }

    [Fact]
    public async Task The_embedded_amazon_roots_do_not_trust_a_local_server()
    {
        var args = emulator.Arguments();
        var index = args.IndexOf("--ca-cert");
        args.RemoveRange(index, 2);
        var run = await RunAsync(args);
        AssertFailure(run, ExitCodes.Trust, "does not chain to a trusted root");
    }

    [Fact]
    public async Task Https_proxy_is_used_as_a_connect_tunnel_with_tls_end_to_end()
    {
        await using var proxy = new ConnectProxy();
        var run = await RunAsync(emulator.Arguments(), ("HTTPS_PROXY", proxy.Url));
        AssertSuccess(run);
        Assert.Equal([emulator.Server.Endpoint], proxy.Targets);
        Assert.Equal(emulator.Client1.CertificateId, Assert.Single(emulator.Server.Requests).CertificateId);
    }

    [Fact]
    public async Task Proxy_with_credentials_authenticates_and_never_prints_the_password()
    {
        await using var proxy = new ConnectProxy("user", "proxy-pass-marker");
        var run = await RunAsync(emulator.Arguments(), ("HTTPS_PROXY", proxy.Url.Replace("http://", "http://user:proxy-pass-marker@", StringComparison.Ordinal)));
        AssertSuccess(run);
        Assert.NotEmpty(proxy.Targets);

        await using var strict = new ConnectProxy("user", "other-password");
        var refused = await RunAsync(emulator.Arguments("--timeout", "2", "--no-cache"), ("HTTPS_PROXY", strict.Url.Replace("http://", "http://user:proxy-pass-marker@", StringComparison.Ordinal)));
        Assert.NotEqual(0, refused.ExitCode);
        Assert.DoesNotContain("proxy-pass-marker", refused.AllOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_proxy_bypasses_the_proxy()
    {
        await using var proxy = new ConnectProxy();
        var run = await RunAsync(emulator.Arguments(), ("HTTPS_PROXY", proxy.Url), ("NO_PROXY", "localhost"));
        AssertSuccess(run);
        Assert.Empty(proxy.Targets);
    }

    [Fact]
    public async Task Options_come_from_the_environment_when_not_given()
    {
        var client = emulator.Client1;
        var run = await RunAsync(
            ["credential-process"],
            ("CERTCREDS_ENDPOINT", emulator.Server.Endpoint),
            ("CERTCREDS_ROLE_ALIAS", "alias-for-roles-anywhere"),
            ("CERTCREDS_CERTIFICATE", client.CertificatePath),
            ("CERTCREDS_PRIVATE_KEY", client.PrivateKeyPath),
            ("CERTCREDS_CA_CERT", emulator.State.RootCaPath),
            ("CERTCREDS_THING_NAME", "client1"));
        AssertSuccess(run);
        Assert.Equal("client1", Assert.Single(emulator.Server.Requests).ThingName);
    }

    [Fact]
    public async Task Trace_to_stderr_shows_each_step_and_never_a_secret()
    {
        var run = await RunAsync(emulator.Arguments("--thing-name", "client1"), ("CERTCREDS_TRACE", "1"));
        AssertSuccess(run);
        using var document = JsonDocument.Parse(run.Stdout);
        Assert.Contains("trace: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("identity: certificate " + emulator.Client1.CertificateId, run.Stderr, StringComparison.Ordinal);
        Assert.Contains("GET https://" + emulator.Server.Endpoint + "/role-aliases/alias-for-roles-anywhere/credentials (attempt 1, thing client1)", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("cache: Fetched", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(document.RootElement.GetProperty("SecretAccessKey").GetString()!, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(document.RootElement.GetProperty("SessionToken").GetString()!, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trace_to_a_file_leaves_stderr_clean()
    {
        var file = Path.Combine(emulator.Folder, "trace.log");
        var run = await RunAsync(emulator.Arguments("--no-cache"), ("CERTCREDS_TRACE", file));
        AssertSuccess(run);
        Assert.Equal(string.Empty, run.Stderr);
        var trace = await File.ReadAllTextAsync(file);
        Assert.Contains("cache: off", trace, StringComparison.Ordinal);
        Assert.Contains("200 in ", trace, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }
}
