using CertCreds.Errors;
using CertCreds.Testing;

namespace CertCreds.Tests.Cli;

public sealed class CredentialProcessUsageTests : IDisposable
{
    private readonly TestIdentities pki = new();

    public void Dispose() => pki.Dispose();

    private static void AssertFailedCleanly(CliRun run, int exitCode)
    {
        Assert.True(exitCode == run.ExitCode, run.ToString());
        Assert.Equal(string.Empty, run.Stdout);
        var lines = run.Stderr.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length == 1, "expected one line on stderr: " + run.Stderr);
        Assert.StartsWith("certcreds: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(" — ", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_option_is_a_usage_error_with_exit_code_2()
    {
        var run = await CliHarness.RunAsync(pki.Folder, "credential-process", "--no-such-option");
        AssertFailedCleanly(run, ExitCodes.Usage);
        Assert.Contains("--help", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_endpoint_is_a_usage_error_that_names_the_option()
    {
        var run = await CliHarness.RunAsync(pki.Folder, "credential-process", "--role-alias", "a", "--certificate", "c", "--private-key", "k");
        AssertFailedCleanly(run, ExitCodes.Usage);
        Assert.Contains("--endpoint", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_certificate_file_is_an_identity_error_naming_the_resolved_path()
    {
        var run = await CliHarness.RunAsync(pki.Folder, "credential-process", "--endpoint", "localhost:1", "--role-alias", "a", "--certificate", "certificate.pem.crt", "--private-key", "private.pem.key");
        AssertFailedCleanly(run, ExitCodes.Identity);
        Assert.Contains(Path.Combine(pki.Folder, "certificate.pem.crt"), run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Environment_variables_supply_options_and_the_command_line_wins()
    {
        var environment = new Dictionary<string, string>
        {
            ["CERTCREDS_ENDPOINT"] = "localhost:1",
            ["CERTCREDS_ROLE_ALIAS"] = "bad/alias",
            ["CERTCREDS_CERTIFICATE"] = "nothing.pem",
        };
        var fromEnvironment = await CliHarness.RunAsync(pki.Folder, environment, null, "credential-process");
        AssertFailedCleanly(fromEnvironment, ExitCodes.Usage);
        Assert.Contains("bad/alias", fromEnvironment.Stderr, StringComparison.Ordinal);

        var overridden = await CliHarness.RunAsync(pki.Folder, environment, null, "credential-process", "--role-alias", "good-alias");
        AssertFailedCleanly(overridden, ExitCodes.Identity);
        Assert.Contains("nothing.pem", overridden.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_thing_name_on_the_command_line_is_a_usage_error()
    {
        var run = await CliHarness.RunAsync(pki.Folder, "credential-process", "--endpoint", "127.0.0.1:1", "--role-alias", "a", "--certificate", "c.pem", "--private-key", "k.pem", "--thing-name", "");
        AssertFailedCleanly(run, ExitCodes.Usage);
        Assert.Contains("--thing-name is empty", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_thing_name_in_the_environment_is_a_usage_error()
    {
        var environment = new Dictionary<string, string> { ["CERTCREDS_THING_NAME"] = string.Empty };
        var run = await CliHarness.RunAsync(pki.Folder, environment, null, "credential-process", "--endpoint", "127.0.0.1:1", "--role-alias", "a", "--certificate", "c.pem", "--private-key", "k.pem");
        AssertFailedCleanly(run, ExitCodes.Usage);
        Assert.Contains("CERTCREDS_THING_NAME is empty", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("thing/with/slash")]
    [InlineData("a b")]
    public async Task A_thing_name_outside_the_allowed_characters_is_a_usage_error(string thing)
    {
        var run = await CliHarness.RunAsync(pki.Folder, "credential-process", "--endpoint", "127.0.0.1:1", "--role-alias", "a", "--certificate", "c.pem", "--private-key", "k.pem", "--thing-name", thing);
        AssertFailedCleanly(run, ExitCodes.Usage);
        Assert.Contains("thing name", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_thing_name_of_129_characters_is_a_usage_error()
    {
        var run = await CliHarness.RunAsync(pki.Folder, "credential-process", "--endpoint", "127.0.0.1:1", "--role-alias", "a", "--certificate", "c.pem", "--private-key", "k.pem", "--thing-name", new string('t', 129));
        AssertFailedCleanly(run, ExitCodes.Usage);
    }

    [Fact]
    public async Task The_deadline_covers_slow_local_work_like_a_costly_key_derivation()
    {
        var (certificate, key) = pki.Issue();
        var cert = pki.Write("cert.pem", TestIdentities.CertificatePem(certificate));
        // Millions of PBKDF2 rounds: seconds of local work, far beyond a 0.1 s deadline.
        var slow = key.ExportEncryptedPkcs8PrivateKeyPem("pw", new System.Security.Cryptography.PbeParameters(System.Security.Cryptography.PbeEncryptionAlgorithm.Aes256Cbc, System.Security.Cryptography.HashAlgorithmName.SHA256, 2_000_000));
        var keyPath = pki.Write("slow.pem", slow);
        var environment = new Dictionary<string, string> { ["CERTCREDS_PRIVATE_KEY_PASSWORD"] = "pw" };
        var run = await CliHarness.RunAsync(pki.Folder, environment, null, "credential-process", "--endpoint", "127.0.0.1:1", "--role-alias", "a", "--certificate", cert, "--private-key", keyPath, "--timeout", "0.1", "--no-cache");
        AssertFailedCleanly(run, ExitCodes.Identity);
        Assert.Contains("longer than the 0.1 s deadline", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_mismatch_fails_before_any_connection()
    {
        var (certificate, _) = pki.Issue();
        var (_, otherKey) = pki.Issue();
        var cert = pki.Write("cert.pem", TestIdentities.CertificatePem(certificate));
        var key = pki.Write("key.pem", TestIdentities.TraditionalKeyPem(otherKey));
        // Port 1 on loopback: a connection attempt would fail as transient (exit 6), not identity (exit 3).
        var run = await CliHarness.RunAsync(pki.Folder, "credential-process", "--endpoint", "127.0.0.1:1", "--role-alias", "a", "--certificate", cert, "--private-key", key);
        AssertFailedCleanly(run, ExitCodes.Identity);
        Assert.Contains("does not belong", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_from_a_file_is_an_identity_error_and_never_printed()
    {
        var (certificate, key) = pki.Issue();
        var cert = pki.Write("cert.pem", TestIdentities.CertificatePem(certificate));
        var keyPath = pki.Write("key.pem", TestIdentities.EncryptedPkcs8Pem(key, "right-password"));
        var passwordFile = pki.Write("password.txt", "Wr0ng-Passw0rd-Marker\n");
        var run = await CliHarness.RunAsync(pki.Folder, "credential-process", "--endpoint", "127.0.0.1:1", "--role-alias", "a", "--certificate", cert, "--private-key", keyPath, "--private-key-password-file", passwordFile);
        AssertFailedCleanly(run, ExitCodes.Identity);
        Assert.DoesNotContain("Wr0ng-Passw0rd-Marker", run.AllOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("right-password", run.AllOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_endpoint_is_transient_after_the_deadline()
    {
        var (certificate, key) = pki.Issue();
        var cert = pki.Write("cert.pem", TestIdentities.CertificatePem(certificate));
        var keyPath = pki.Write("key.pem", TestIdentities.TraditionalKeyPem(key));
        var run = await CliHarness.RunAsync(pki.Folder, "credential-process", "--endpoint", "127.0.0.1:1", "--role-alias", "a", "--certificate", cert, "--private-key", keyPath, "--timeout", "1.5");
        AssertFailedCleanly(run, ExitCodes.Transient);
        Assert.Contains("127.0.0.1:1", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("soon")]
    public async Task Bad_timeouts_are_usage_errors(string timeout)
    {
        var run = await CliHarness.RunAsync(pki.Folder, "credential-process", "--endpoint", "localhost", "--role-alias", "a", "--certificate", "c", "--private-key", "k", "--timeout", timeout);
        AssertFailedCleanly(run, ExitCodes.Usage);
    }

    [Fact]
    public async Task Help_prints_usage_and_succeeds()
    {
        var run = await CliHarness.RunAsync(pki.Folder, "credential-process", "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--role-alias", run.Stdout, StringComparison.Ordinal);
    }
}
