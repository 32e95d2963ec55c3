using System.Text.Json;
using System.Text.Json.Nodes;
using CertCreds.Testing;

namespace CertCreds.EndToEnd.RolesAnywhere;

/// <summary>
/// <c>certcreds credential-process</c> with IAM Roles Anywhere options, the published binary against the emulator
/// in local mode (one instance for the class; each test has its own HOME and so its own cache): credentials for the
/// RSA and the EC device through their intermediate CA, the cache in front of CreateSession, and each refusal ending
/// in one line with the cause and the fix, nothing on stdout and no secret anywhere.
/// </summary>
public sealed class RolesAnywhereAgainstEmulatorTests : IClassFixture<InProcessEmulatorFixture>, IDisposable
{
    private readonly InProcessEmulatorFixture emulator;
    private readonly string home = Directory.CreateTempSubdirectory("certcreds-e2e-ra-home-").FullName;

    public RolesAnywhereAgainstEmulatorTests(InProcessEmulatorFixture emulator)
    {
        this.emulator = emulator;
        Target = RolesAnywhereTarget.Read(emulator.State.Path);
    }

    private RolesAnywhereTarget Target { get; }

    private string CacheFolder => Path.Combine(home, ".cache", "certcreds");

    private string SessionsLog => Path.Combine(emulator.State.Path, "sessions.jsonl");

    public void Dispose() => Directory.Delete(home, recursive: true);

    private Task<CliRun> RunAsync(params string[] args) => ProcessRunner.RunAsync(PublishedBinary.Path, args, ProcessRunner.CleanEnvironment(home), workingDirectory: home);

    private Task<CliRun> CredentialProcessAsync(string device, params string[] extra) => RunAsync(["credential-process", .. Target.Arguments(device), .. extra]);

    private int SessionLines => File.Exists(SessionsLog) ? File.ReadAllLines(SessionsLog).Length : 0;

    [Theory]
    [MemberData(nameof(RolesAnywhereTarget.Devices), MemberType = typeof(RolesAnywhereTarget))]
    public async Task Credential_process_prints_the_session_the_emulator_granted_the_device_through_its_intermediate(string device)
    {
        var before = emulator.Server.Sessions.Count;

        var run = await CredentialProcessAsync(device);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(string.Empty, run.Stderr);
        using var document = JsonDocument.Parse(run.Stdout);
        Assert.Equal(1, document.RootElement.GetProperty("Version").GetInt32());
        var session = Assert.Single(emulator.Server.Sessions.Skip(before));
        Assert.Equal(201, session.Status);
        Assert.Equal(Target.SerialNumber(device), session.SerialNumber);
        Assert.Equal(Target.ProfileArn, session.ProfileArn);
        Assert.Equal(Target.TrustAnchorArn, session.TrustAnchorArn);
        Assert.Equal(emulator.Server.Issued[^1].AccessKeyId, document.RootElement.GetProperty("AccessKeyId").GetString());
        var secret = document.RootElement.GetProperty("SecretAccessKey").GetString()!;
        Assert.Equal(40, secret.Length);
        Assert.DoesNotContain(secret, await File.ReadAllTextAsync(SessionsLog), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_call_is_served_from_the_cache_without_a_new_create_session()
    {
        var sessions = emulator.Server.Sessions.Count;
        var lines = SessionLines;

        var cold = await CredentialProcessAsync(RolesAnywhereTarget.RsaDevice);
        var warm = await CredentialProcessAsync(RolesAnywhereTarget.RsaDevice);

        Assert.True(cold.ExitCode == 0, cold.ToString());
        Assert.True(warm.ExitCode == 0, warm.ToString());
        Assert.Equal(cold.Stdout, warm.Stdout);
        Assert.Equal(sessions + 1, emulator.Server.Sessions.Count);
        Assert.Equal(lines + 1, SessionLines);
        Assert.Single(Directory.GetFiles(CacheFolder, "*.cache"));
    }

    [Fact]
    public async Task The_cache_keeps_iot_and_roles_anywhere_credentials_for_the_same_certificate_apart()
    {
        // Let the Roles Anywhere trust anchor also hold the CA of the IoT device client1, so one certificate and key
        // get credentials from both services.
        var client = emulator.Client1;
        var deviceCa = await File.ReadAllTextAsync(Path.Combine(emulator.State.Path, "device-ca", "ca.pem.crt"));
        var original = await File.ReadAllTextAsync(emulator.State.RegistryPath);
        await EditRegistryAsync(registry =>
        {
            var anchor = registry["trustAnchors"]![0]!;
            anchor["certificateBundle"] = anchor["certificateBundle"]!.GetValue<string>().TrimEnd() + "\n" + deviceCa;
        });
        try
        {
            string[] rolesAnywhere =
            [
                "credential-process", "--certificate", client.CertificatePath, "--private-key", client.PrivateKeyPath,
                "--trust-anchor-arn", Target.TrustAnchorArn, "--profile-arn", Target.ProfileArn, "--role-arn", Target.RoleArn,
                "--endpoint", Target.Endpoint, "--ca-cert", Target.CaFile,
            ];
            var iotRequests = emulator.Server.Requests.Count;
            var sessions = emulator.Server.Sessions.Count;

            var iot = await RunAsync([.. emulator.Arguments()]);
            var ra = await RunAsync(rolesAnywhere);
            var iotAgain = await RunAsync([.. emulator.Arguments()]);
            var raAgain = await RunAsync(rolesAnywhere);

            Assert.All([iot, ra, iotAgain, raAgain], run => Assert.True(run.ExitCode == 0, run.ToString()));
            Assert.NotEqual(AccessKeyId(iot), AccessKeyId(ra));
            Assert.Equal(iot.Stdout, iotAgain.Stdout);
            Assert.Equal(ra.Stdout, raAgain.Stdout);
            Assert.Equal(iotRequests + 1, emulator.Server.Requests.Count);
            Assert.Equal(sessions + 1, emulator.Server.Sessions.Count);
            Assert.Equal(201, emulator.Server.Sessions[^1].Status);
            Assert.Equal(2, Directory.GetFiles(CacheFolder, "*.cache").Length);
        }
        finally
        {
            await RestoreRegistryAsync(original);
        }
    }

    [Fact]
    public async Task A_device_that_leaves_out_its_intermediate_is_refused_as_untrusted_and_told_to_pass_it()
    {
        string[] args = [.. Target.Arguments(RolesAnywhereTarget.RsaDevice)];
        var withoutIntermediates = args.Where((_, i) => args[i] != "--intermediates" && (i == 0 || args[i - 1] != "--intermediates"));

        var run = await RunAsync(["credential-process", .. withoutIntermediates]);

        AssertOneLineError(run, 5, "Untrusted Signing Certificate");
        Assert.Contains("--intermediates", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(403, emulator.Server.Sessions[^1].Status);
    }

    [Fact]
    public async Task A_profile_disabled_in_emulator_json_is_refused_with_the_command_that_enables_it()
    {
        var original = await File.ReadAllTextAsync(emulator.State.RegistryPath);
        await EditRegistryAsync(registry => registry["profiles"]![0]!["enabled"] = false);
        try
        {
            var run = await CredentialProcessAsync(RolesAnywhereTarget.EcDevice);

            AssertOneLineError(run, 5, "Profile is disabled");
            Assert.Contains("aws rolesanywhere enable-profile", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            await RestoreRegistryAsync(original);
        }
    }

    [Fact]
    public async Task A_role_the_profile_does_not_list_is_refused_and_the_hint_names_both()
    {
        string[] args = [.. Target.Arguments(RolesAnywhereTarget.RsaDevice)];
        args[Array.IndexOf(args, "--role-arn") + 1] = RolesAnywhereTarget.RoleNotInProfile;

        var run = await RunAsync(["credential-process", .. args]);

        AssertOneLineError(run, 5, "Role is not part of the profile");
        Assert.Contains("does not list the role", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_private_key_that_is_not_the_certificates_is_a_local_identity_error_and_nothing_is_sent()
    {
        string[] args = [.. Target.Arguments(RolesAnywhereTarget.RsaDevice)];
        args[Array.IndexOf(args, "--private-key") + 1] = Target.PrivateKeyFile(RolesAnywhereTarget.EcDevice);
        var sessions = emulator.Server.Sessions.Count;

        var run = await RunAsync(["credential-process", .. args]);

        AssertOneLineError(run, 3, "key");
        Assert.Equal(sessions, emulator.Server.Sessions.Count);
    }

    [Fact]
    public async Task A_role_alias_mixed_with_roles_anywhere_arns_is_a_usage_error_and_nothing_is_sent()
    {
        var sessions = emulator.Server.Sessions.Count;
        var requests = emulator.Server.Requests.Count;

        var run = await RunAsync(["credential-process", .. Target.Arguments(RolesAnywhereTarget.RsaDevice), "--role-alias", "alias-for-roles-anywhere"]);

        AssertOneLineError(run, 2, "--role-alias");
        Assert.Equal(sessions, emulator.Server.Sessions.Count);
        Assert.Equal(requests, emulator.Server.Requests.Count);
    }

    private static string AccessKeyId(CliRun run)
    {
        using var document = JsonDocument.Parse(run.Stdout);
        return document.RootElement.GetProperty("AccessKeyId").GetString()!;
    }

    /// <summary>Exit code, nothing on stdout, one line <c>certcreds: cause — fix</c> naming <paramref name="words"/>, and no key material.</summary>
    private void AssertOneLineError(CliRun run, int exitCode, string words)
    {
        // A wrong success prints credentials on stdout: the failure message shows stderr and stdout's length only.
        Assert.True(run.ExitCode == exitCode, $"exit {run.ExitCode}, {run.Stdout.Length} bytes on stdout, stderr: {run.Stderr}");
        Assert.True(run.Stdout.Length == 0, $"{run.Stdout.Length} bytes on stdout");
        var line = Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("certcreds: ", line, StringComparison.Ordinal);
        Assert.Contains(" — ", line, StringComparison.Ordinal);
        Assert.Contains(words, line, StringComparison.Ordinal);
        Assert.DoesNotContain("-----BEGIN", run.Stderr, StringComparison.Ordinal);
        foreach (var device in (string[])[RolesAnywhereTarget.RsaDevice, RolesAnywhereTarget.EcDevice])
        {
            // A line from the middle of each key's PEM body: none of it may appear anywhere.
            var keyLines = File.ReadAllLines(Target.PrivateKeyFile(device));
            Assert.DoesNotContain(keyLines[keyLines.Length / 2], run.Stderr, StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(CacheFolder) && Directory.GetFiles(CacheFolder, "*.cache").Length > 0, "a refusal left a cache entry");
    }

    /// <summary>Edits <c>emulator.json</c> as a user would; the emulator reloads it on the next request.</summary>
    private async Task EditRegistryAsync(Action<JsonNode> change)
    {
        var registry = JsonNode.Parse(await File.ReadAllTextAsync(emulator.State.RegistryPath))!;
        change(registry);
        await WriteRegistryAsync(registry.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private Task RestoreRegistryAsync(string original) => WriteRegistryAsync(original);

    private async Task WriteRegistryAsync(string text)
    {
        // The emulator notices a change by modification time and length: step the time on so an edit within the
        // file system's timestamp granularity is not missed.
        var path = emulator.State.RegistryPath;
        var previous = File.GetLastWriteTimeUtc(path);
        var temporary = path + ".edit";
        await File.WriteAllTextAsync(temporary, text);
        File.SetUnixFileMode(temporary, File.GetUnixFileMode(path));
        File.SetLastWriteTimeUtc(temporary, previous.AddSeconds(1));
        File.Move(temporary, path, overwrite: true);
    }
}
