using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using CertCreds.Emulator.Faults;
using CertCreds.Emulator.Hosting;
using CertCreds.Emulator.Registry;
using CertCreds.Emulator.State;
using CertCreds.Errors;
using CertCreds.Protocol;
using CertCreds.Testing;

namespace CertCreds.Tests.Cli;

/// <summary><c>doctor</c> against the emulator configured for each failure of the spec: the right check fails, with the right cause.</summary>
public sealed class DoctorCommandTests : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("certcreds-doctor-").FullName;
    private EmulatorServer server = null!;
    private EmulatorStateDirectory state = null!;

    public async Task InitializeAsync()
    {
        state = EmulatorStateDirectory.Open(Path.Combine(folder, "state"));
        server = await EmulatorServer.StartAsync(new EmulatorServerOptions { StateDirectory = state, Port = 0 });
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    private ThingCredentialFiles Client1 => state.Thing(EmulatorStateDirectory.SeedThingName);

    private async Task<(CliRun Run, Dictionary<string, JsonElement> Checks)> DoctorAsync(params string[] extra)
    {
        List<string> args = ["doctor", "--json", "--certificate", Client1.CertificatePath];
        if (!extra.Contains("--private-key"))
        {
            args.AddRange(["--private-key", Client1.PrivateKeyPath]);
        }

        if (!extra.Contains("--endpoint"))
        {
            args.AddRange(["--endpoint", server.Endpoint]);
        }

        if (!extra.Contains("--role-alias"))
        {
            args.AddRange(["--role-alias", EmulatorStateDirectory.SeedRoleAlias]);
        }

        if (!extra.Contains("--no-ca"))
        {
            args.AddRange(["--ca-cert", state.RootCaPath]);
        }

        args.AddRange(extra.Where(e => e != "--no-ca"));
        var environment = new Dictionary<string, string> { ["HOME"] = folder };
        var run = await CliHarness.RunAsync(folder, environment, null, [.. args]);
        using var document = JsonDocument.Parse(run.Stdout);
        var checks = document.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("check").GetString()!, c => c.Clone());
        return (run, checks);
    }

    private static void AssertCheck(Dictionary<string, JsonElement> checks, string name, string status, params string[] fragments)
    {
        Assert.True(checks.ContainsKey(name), $"no {name} check: {string.Join(", ", checks.Keys)}");
        var check = checks[name];
        var text = check.GetProperty("detail").GetString() + " | " + (check.TryGetProperty("fix", out var fix) ? fix.GetString() : string.Empty);
        Assert.True(status == check.GetProperty("status").GetString(), $"{name}: {text}");
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_working_setup_passes_every_check_and_exits_zero()
    {
        var (run, checks) = await DoctorAsync("--thing-name", "client1");
        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var name in (string[])["files", "identity", "certificate", "ca", "endpoint", "dns", "tcp", "tls", "request", "clock", "lifetime"])
        {
            AssertCheck(checks, name, "pass");
        }

        Assert.Contains("\"ok\": true", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_human_checklist_has_one_line_per_check_and_a_verdict()
    {
        var args = new[] { "doctor", "--endpoint", server.Endpoint, "--role-alias", EmulatorStateDirectory.SeedRoleAlias, "--certificate", Client1.CertificatePath, "--private-key", Client1.PrivateKeyPath, "--ca-cert", state.RootCaPath };
        var run = await CliHarness.RunAsync(folder, args);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("[pass] tls", run.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("All checks passed.\n", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_thing_not_attached_is_named_as_the_cause()
    {
        var (run, checks) = await DoctorAsync("--thing-name", "client2");
        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        AssertCheck(checks, "request", "fail", IotProtocol.InvalidThingMessage, "'client2' does not exist or is not attached");
    }

    [Fact]
    public async Task A_missing_policy_is_named_as_the_cause()
    {
        server.Registry.Update(r => r.Policies.Clear());
        var (run, checks) = await DoctorAsync();
        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        AssertCheck(checks, "request", "fail", IotProtocol.AccessDeniedMessage, "iot:AssumeRoleWithCertificate");
    }

    [Fact]
    public async Task An_inactive_certificate_is_named_as_the_cause()
    {
        server.Registry.Update(r => r.Certificates.Single(c => c.Id == Client1.CertificateId).Status = CertificateStatus.Inactive);
        var (_, checks) = await DoctorAsync();
        AssertCheck(checks, "request", "fail", IotProtocol.CertificateInvalidMessage, "ACTIVE");
    }

    [Fact]
    public async Task A_missing_alias_is_named_as_the_cause()
    {
        server.Registry.Update(r => r.Policies[0].AllowedRoleAliasArns.Add("arn:aws:iot:*:*:rolealias/*"));
        var (_, checks) = await DoctorAsync("--role-alias", "Alias-For-Roles-Anywhere");
        AssertCheck(checks, "request", "fail", IotProtocol.AliasMissingMessage, "case-sensitive");
    }

    [Fact]
    public async Task A_role_without_trust_is_named_as_the_cause()
    {
        server.Registry.Update(r => r.Roles[0].TrustsCredentialsProvider = false);
        var (_, checks) = await DoctorAsync();
        AssertCheck(checks, "request", "fail", IotProtocol.UnableToAssumeRoleMessage, "credentials.iot.amazonaws.com");
    }

    [Fact]
    public async Task An_alias_duration_above_the_roles_maximum_is_named_as_the_cause()
    {
        server.Registry.Update(r => r.RoleAliases[0].CredentialDurationSeconds = 7200);
        var (_, checks) = await DoctorAsync();
        AssertCheck(checks, "request", "fail", "MaxSessionDuration", "credentialDurationSeconds");
    }

    [Fact]
    public async Task A_900_second_alias_is_a_warning_about_the_refresh_window_not_a_failure()
    {
        server.Registry.Update(r => r.RoleAliases[0].CredentialDurationSeconds = 900);
        var (run, checks) = await DoctorAsync();
        Assert.True(run.ExitCode == 0, run.ToString());
        AssertCheck(checks, "lifetime", "warn", "every call", "credentialDurationSeconds");
    }

    [Fact]
    public async Task A_body_that_stops_mid_way_ends_at_the_timeout_not_never()
    {
        server.Faults.Enqueue(new FaultSpec { Kind = FaultKind.StallMidBody });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (run, checks) = await DoctorAsync("--timeout", "2");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"doctor took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(ExitCodes.Transient, run.ExitCode);
        AssertCheck(checks, "request", "fail", "did not arrive within the timeout");
    }

    [Fact]
    public async Task A_huge_body_is_refused_without_being_read()
    {
        server.Faults.Enqueue(new FaultSpec { Kind = FaultKind.OversizedBody, SizeBytes = 5_000_000 });
        var (run, checks) = await DoctorAsync();
        Assert.Equal(ExitCodes.InvalidResponse, run.ExitCode);
        AssertCheck(checks, "request", "fail", "over 65536 bytes");
    }

    [Fact]
    public async Task A_server_that_never_answers_is_given_up_on_at_the_timeout()
    {
        server.Faults.Enqueue(new FaultSpec { Kind = FaultKind.Hang });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (run, checks) = await DoctorAsync("--timeout", "2");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"doctor took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(ExitCodes.Transient, run.ExitCode);
        AssertCheck(checks, "request", "fail", "no answer within the timeout");
    }

    [Fact]
    public async Task A_skewed_server_date_is_reported_as_this_devices_clock()
    {
        server.Faults.Enqueue(new FaultSpec { Kind = FaultKind.SkewedDate, SkewSeconds = -3600 });
        var (run, checks) = await DoctorAsync();
        Assert.NotEqual(0, run.ExitCode);
        AssertCheck(checks, "clock", "fail", "ahead of", "timedatectl");
    }

    [Fact]
    public async Task The_wrong_ca_file_fails_the_tls_check_and_names_the_trust_anchors()
    {
        var (run, checks) = await DoctorAsync("--no-ca");
        Assert.Equal(ExitCodes.Trust, run.ExitCode);
        AssertCheck(checks, "tls", "fail", "embedded Amazon Trust Services roots", "does not chain", "--ca-cert");
        AssertCheck(checks, "request", "skip");
    }

    [Fact]
    public async Task The_data_endpoint_is_named_before_any_network_call()
    {
        var (run, checks) = await DoctorAsync("--endpoint", "a1b2c3-ats.iot.us-east-1.amazonaws.com");
        Assert.NotEqual(0, run.ExitCode);
        AssertCheck(checks, "endpoint", "fail", "data endpoint", "iot:CredentialProvider");
    }

    [Fact]
    public async Task A_key_that_belongs_to_another_certificate_fails_the_identity_check()
    {
        var other = state.AddThing("client9", CertCreds.Emulator.Pki.DeviceKeyType.Rsa2048);
        var (run, checks) = await DoctorAsync("--private-key", other.PrivateKeyPath);
        Assert.Equal(ExitCodes.Identity, run.ExitCode);
        AssertCheck(checks, "identity", "fail", "does not belong");
    }

    [Fact]
    public async Task With_a_profile_it_checks_that_the_config_runs_this_exact_setup()
    {
        var config = Path.Combine(folder, ".aws", "config");
        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        var binary = typeof(DoctorCommandTests).Assembly.Location;
        await File.WriteAllTextAsync(config, $"[profile iot]\ncredential_process = {binary} credential-process --endpoint {server.Endpoint} --role-alias {EmulatorStateDirectory.SeedRoleAlias} --certificate {Client1.CertificatePath} --private-key {Client1.PrivateKeyPath} --ca-cert {state.RootCaPath} --thing-name client1\n");
        var (good, goodChecks) = await DoctorAsync("--thing-name", "client1", "--profile", "iot");
        Assert.True(good.ExitCode == 0, good.ToString());
        AssertCheck(goodChecks, "profile", "pass");

        var (bad, badChecks) = await DoctorAsync("--profile", "iot");
        Assert.Equal(ExitCodes.Usage, bad.ExitCode);
        AssertCheck(badChecks, "profile", "fail", "--thing-name is client1 there but not given here");
    }

    /// <summary>doctor behind HTTPS_PROXY: the request still runs (it is the only check then), and a dead proxy is named.</summary>
    private Task<CliRun> DoctorBehindProxyAsync(string proxy)
    {
        var client = state.Thing(EmulatorStateDirectory.SeedThingName);
        return CliHarness.RunAsync(
            folder,
            new Dictionary<string, string> { ["HTTPS_PROXY"] = proxy },
            null,
            "doctor", "--endpoint", server.Endpoint, "--role-alias", EmulatorStateDirectory.SeedRoleAlias, "--certificate", client.CertificatePath, "--private-key", client.PrivateKeyPath, "--ca-cert", state.RootCaPath, "--timeout", "3");
    }

    [Fact]
    public async Task A_dead_proxy_fails_the_request_check_naming_the_proxy_instead_of_passing_everything()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var closed = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var run = await DoctorBehindProxyAsync($"http://127.0.0.1:{closed}");
        Assert.Equal(ExitCodes.Transient, run.ExitCode);
        Assert.Contains($"failed at the proxy 127.0.0.1:{closed} from HTTPS_PROXY", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("All checks passed", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_working_proxy_lets_the_request_check_run_and_pass()
    {
        await using var proxy = new ConnectProxy();
        var run = await DoctorBehindProxyAsync(proxy.Url);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("[pass] request", run.Stdout, StringComparison.Ordinal);
        Assert.Equal([server.Endpoint], proxy.Targets);
    }
}
