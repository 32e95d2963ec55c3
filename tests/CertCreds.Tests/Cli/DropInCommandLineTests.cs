using System.CommandLine;
using CertCreds.Cli.Commands;
using CertCreds.Cli.Options;
using CertCreds.Errors;
using CertCreds.Sources;
using CertCreds.Testing;

namespace CertCreds.Tests.Cli;

/// <summary>
/// aws_signing_helper's documented command lines parse into the same settings under certcreds, its flags that
/// certcreds must not follow are refused in one line, and the options name one source or fail.
/// </summary>
public sealed class DropInCommandLineTests : IDisposable
{
    private const string TrustAnchor = "arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/11111111-2222-3333-4444-555555555555";
    private const string Profile = "arn:aws:rolesanywhere:eu-west-1:123456789012:profile/66666666-7777-8888-9999-000000000000";
    private const string Role = "arn:aws:iam::123456789012:role/path/ops-role";

    private readonly string folder = Directory.CreateTempSubdirectory("certcreds-dropin-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static readonly string[] SigningHelperLine =
    [
        "--certificate", "cert.pem", "--private-key", "key.pem", "--intermediates", "chain.pem",
        "--trust-anchor-arn", TrustAnchor, "--profile-arn", Profile, "--role-arn", Role,
    ];

    private static CredentialSettings Parse(string verb, params string[] args)
    {
        var identity = new IdentityArguments();
        var command = new Command(verb);
        identity.AddTo(command);
        if (verb == "serve")
        {
            command.Options.Add(new Option<int>("--port"));
            command.Options.Add(new Option<int>("--hop-limit"));
        }

        var result = command.Parse(args);
        Assert.True(result.Errors.Count == 0, string.Join("; ", result.Errors.Select(e => e.Message)));
        return identity.Resolve(result, _ => null);
    }

    [Fact]
    public void Aws_signing_helpers_credential_process_line_becomes_a_roles_anywhere_request()
    {
        var settings = Parse("credential-process", [.. SigningHelperLine, "--session-duration", "1800", "--region", "eu-west-1", "--role-session-name", "build-42", "--with-proxy", "--debug"]);
        var source = Assert.IsType<RolesAnywhereSource>(settings.Source);
        Assert.Equal(TrustAnchor, source.Request.TrustAnchorArn.Text);
        Assert.Equal(Profile, source.Request.ProfileArn.Text);
        Assert.Equal(Role, source.Request.RoleArn.Text);
        Assert.Equal(1800, source.Request.DurationSeconds);
        Assert.Equal("build-42", source.Request.RoleSessionName);
        Assert.Equal("rolesanywhere.eu-west-1.amazonaws.com", source.Request.Endpoint.Authority);
        Assert.Equal("ops-role", source.RoleName);
        Assert.Equal("rolesanywhere", source.Kind);
        Assert.Equal("cert.pem", settings.Identity.CertificatePath);
        Assert.Equal("key.pem", settings.Identity.PrivateKeyPath);
        Assert.Equal("chain.pem", settings.Identity.IntermediatesPath);
    }

    [Fact]
    public void The_endpoint_override_and_fips_choose_the_host_and_keep_the_signing_region()
    {
        var overridden = Assert.IsType<RolesAnywhereSource>(Parse("credential-process", [.. SigningHelperLine, "--endpoint", "https://vpce-1.rolesanywhere.eu-west-1.vpce.amazonaws.com"]).Source);
        Assert.Equal("vpce-1.rolesanywhere.eu-west-1.vpce.amazonaws.com", overridden.Request.Endpoint.Host);
        Assert.Equal("eu-west-1", overridden.Request.Region);
        Assert.Contains(new KeyValuePair<string, string?>("--endpoint", "vpce-1.rolesanywhere.eu-west-1.vpce.amazonaws.com"), overridden.CommandLineOptions);

        var fips = Assert.IsType<RolesAnywhereSource>(Parse("credential-process", [.. SigningHelperLine, "--use-fips-endpoint"]).Source);
        Assert.Equal("rolesanywhere-fips.eu-west-1.amazonaws.com", fips.Request.Endpoint.Host);
        Assert.Equal("eu-west-1", fips.Request.Region);
    }

    [Fact]
    public void Aws_signing_helpers_serve_and_update_lines_parse_with_their_own_flags()
    {
        var serve = Parse("serve", [.. SigningHelperLine, "--port", "9911", "--hop-limit", "64"]);
        Assert.IsType<RolesAnywhereSource>(serve.Source);

        var command = UpdateCommand.Create(new CertCreds.Cli.CliContext(Stream.Null, TextWriter.Null, _ => null, "/", TimeProvider.System, false));
        var result = command.Parse([.. SigningHelperLine, "--profile", "ops", "--once"]);
        Assert.Empty(result.Errors);
        Assert.Equal("ops", result.GetValue<string>("--profile-name"));
        Assert.True(result.GetValue<bool>("--once"));
    }

    [Fact]
    public void Serve_listens_on_9911_for_roles_anywhere_unless_a_port_is_given_and_iot_keeps_a_free_port()
    {
        Assert.Equal(9911, ServeCommand.ListenPort(null, RolesAnywhereSource.SourceKind));
        Assert.Equal(0, ServeCommand.ListenPort(0, RolesAnywhereSource.SourceKind));
        Assert.Equal(8080, ServeCommand.ListenPort(8080, RolesAnywhereSource.SourceKind));
        Assert.Equal(0, ServeCommand.ListenPort(null, IotCredentialSource.SourceKind));
    }

    [Fact]
    public void Changing_any_create_session_setting_changes_the_cache_key_parts()
    {
        var baseline = Parse("credential-process", SigningHelperLine).Source.CacheKeyParts;
        foreach (var extra in new[] { new[] { "--session-duration", "900" }, ["--role-session-name", "other"], ["--endpoint", "localhost:8443"] })
        {
            Assert.NotEqual(baseline, Parse("credential-process", [.. SigningHelperLine, .. extra]).Source.CacheKeyParts);
        }
    }

    private static void AssertUsageError(CliRun run, params string[] expected)
    {
        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Equal(string.Empty, run.Stdout);
        var lines = run.Stderr.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length == 1, run.Stderr);
        Assert.StartsWith("certcreds: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(" — ", lines[0], StringComparison.Ordinal);
        foreach (var text in expected)
        {
            Assert.Contains(text, lines[0], StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--pkcs8-password", "secret-value", "/proc", "--private-key-password-file")]
    [InlineData("--no-verify-ssl", null, "does not turn off", "--ca-cert")]
    [InlineData("--cert-selector", "{}", "Linux", "--certificate")]
    [InlineData("--system-store-name", "MY", "Linux", "--certificate")]
    [InlineData("--use-latest-expiring-certificate", null, "Linux", "--certificate")]
    [InlineData("--reuse-pin", null, "not supported", "--reuse-pin")]
    [InlineData("--tpm-key-password", "secret-value", "/proc", "--private-key-password-file")]
    public async Task A_flag_certcreds_does_not_follow_is_refused_in_one_line_with_the_reason_and_fix(string flag, string? value, string reason, string fix)
    {
        foreach (var verb in new[] { "credential-process", "serve", "update" })
        {
            string[] args = value is null ? [verb, .. SigningHelperLine, flag] : [verb, .. SigningHelperLine, flag, value];
            var run = await CliHarness.RunAsync(folder, args);
            AssertUsageError(run, flag, reason, fix);
            Assert.DoesNotContain("secret-value", run.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_role_alias_with_arns_is_a_usage_error_naming_what_to_remove()
    {
        var run = await CliHarness.RunAsync(folder, ["credential-process", .. SigningHelperLine, "--role-alias", "alias", "--endpoint", "localhost:1"]);
        AssertUsageError(run, "--role-alias", "--trust-anchor-arn", "remove");
    }

    [Fact]
    public async Task Only_some_arns_is_a_usage_error_naming_the_missing_ones()
    {
        var run = await CliHarness.RunAsync(folder, "credential-process", "--certificate", "c.pem", "--private-key", "k.pem", "--role-arn", Role);
        AssertUsageError(run, "--trust-anchor-arn", "--profile-arn", "add");
    }

    [Fact]
    public async Task Options_of_the_other_source_are_usage_errors()
    {
        AssertUsageError(await CliHarness.RunAsync(folder, ["credential-process", .. SigningHelperLine, "--thing-name", "t1"]), "--thing-name");
        AssertUsageError(await CliHarness.RunAsync(folder, "credential-process", "--endpoint", "localhost:1", "--role-alias", "a", "--certificate", "c.pem", "--session-duration", "900"), "--session-duration", "IAM Roles Anywhere");
        AssertUsageError(await CliHarness.RunAsync(folder, "credential-process", "--endpoint", "localhost:1", "--role-alias", "a", "--certificate", "c.pem", "--use-fips-endpoint"), "iot-fips");
        AssertUsageError(await CliHarness.RunAsync(folder, "credential-process", "--endpoint", "localhost:1", "--role-alias", "a", "--certificate", "c.pem", "--region", "eu-west-1"), "--region");
    }

    [Fact]
    public async Task Arns_on_the_command_line_win_over_a_role_alias_left_in_the_environment()
    {
        var environment = new Dictionary<string, string> { ["CERTCREDS_ROLE_ALIAS"] = "left-over" };
        var run = await CliHarness.RunAsync(folder, environment, null, ["credential-process", .. SigningHelperLine, "--session-duration", "12"]);
        AssertUsageError(run, "session duration");
    }

    [Fact]
    public async Task Both_sources_in_the_environment_is_a_usage_error_naming_the_variables()
    {
        var environment = new Dictionary<string, string> { ["CERTCREDS_ROLE_ALIAS"] = "a", ["CERTCREDS_ROLE_ARN"] = Role };
        AssertUsageError(await CliHarness.RunAsync(folder, environment, null, "credential-process", "--certificate", "c.pem"), "CERTCREDS_ROLE_ALIAS", "CERTCREDS_ROLE_ARN");
    }

    [Fact]
    public async Task Configure_keeps_one_region_option_for_discovery_and_refuses_discovery_for_roles_anywhere()
    {
        AssertUsageError(await CliHarness.RunAsync(folder, ["configure", "--profile", "p", .. SigningHelperLine, "--discover-endpoint", "--region", "eu-west-1"]), "--discover-endpoint");
    }

    [Fact]
    public async Task Help_says_with_proxy_has_no_effect_and_hides_the_refused_flags()
    {
        var run = await CliHarness.RunAsync(folder, "credential-process", "--help");
        Assert.Contains("--with-proxy", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("always honours HTTPS_PROXY", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--trust-anchor-arn", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("--pkcs8-password", run.Stdout, StringComparison.Ordinal);
    }
}
