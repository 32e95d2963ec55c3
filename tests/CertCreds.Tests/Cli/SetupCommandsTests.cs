using CertCreds.Emulator.Hosting;
using CertCreds.Emulator.State;
using CertCreds.Errors;
using CertCreds.Output;
using CertCreds.Testing;

namespace CertCreds.Tests.Cli;

/// <summary><c>configure</c> and <c>update --once</c> in-process against the emulator, with their files in a temp folder.</summary>
public sealed class SetupCommandsTests : IAsyncLifetime
{
    private const string Binary = "/opt/cert creds/certcreds";
    private readonly string folder = Directory.CreateTempSubdirectory("certcreds-setup-").FullName;
    private EmulatorServer server = null!;
    private EmulatorStateDirectory state = null!;

    private string ConfigPath => Path.Combine(folder, "home", ".aws", "config");

    private string CredentialsPath => Path.Combine(folder, "home", ".aws", "credentials");

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

    private Task<CliRun> RunAsync(params string[] args)
    {
        var environment = new Dictionary<string, string> { ["HOME"] = Path.Combine(folder, "home") };
        return CliHarness.RunAsync(folder, environment, null, args);
    }

    private string[] Identity(string verb, params string[] extra)
    {
        var thing = state.Thing(EmulatorStateDirectory.SeedThingName);
        // Relative paths on purpose: configure must make them absolute.
        return
        [
            verb, "--endpoint", server.Endpoint, "--role-alias", EmulatorStateDirectory.SeedRoleAlias,
            "--certificate", Path.GetRelativePath(folder, thing.CertificatePath),
            "--private-key", Path.GetRelativePath(folder, thing.PrivateKeyPath),
            "--ca-cert", Path.GetRelativePath(folder, state.RootCaPath),
            .. extra,
        ];
    }

    [Fact]
    public async Task Configure_verifies_then_writes_a_credential_process_line_that_splits_into_absolute_arguments()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigPath)!);
        await File.WriteAllTextAsync(ConfigPath, "# my settings\r\n[default]\r\nregion = eu-west-1");
        var run = await RunAsync(Identity("configure", "--profile", "iot", "--thing-name", "client1", "--command", Binary));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Single(server.Requests);
        var text = await File.ReadAllTextAsync(ConfigPath);
        Assert.StartsWith("# my settings\r\n[default]\r\nregion = eu-west-1\r\n\r\n[profile iot]\r\ncredential_process = ", text, StringComparison.Ordinal);
        var line = AwsFileEditor.ReadProfile(text, AwsFileKind.Config, "iot")!["credential_process"];
        var words = CommandLine.TrySplit(line)!;
        var thing = state.Thing(EmulatorStateDirectory.SeedThingName);
        Assert.Equal(
            [Binary, "credential-process", "--endpoint", server.Endpoint, "--role-alias", EmulatorStateDirectory.SeedRoleAlias, "--certificate", thing.CertificatePath, "--private-key", thing.PrivateKeyPath, "--thing-name", "client1", "--ca-cert", state.RootCaPath],
            words);
        Assert.DoesNotContain("SecretAccessKey", run.AllOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configure_twice_leaves_one_section_and_reports_it_up_to_date()
    {
        Assert.Equal(0, (await RunAsync(Identity("configure", "--profile", "iot", "--command", Binary, "--no-verify"))).ExitCode);
        var first = await File.ReadAllTextAsync(ConfigPath);
        var again = await RunAsync(Identity("configure", "--profile", "iot", "--command", Binary, "--no-verify"));
        Assert.Contains("already up to date", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(first, await File.ReadAllTextAsync(ConfigPath));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Configure_refuses_a_profile_that_has_static_keys_in_the_credentials_file_before_any_network_call()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(CredentialsPath)!);
        await File.WriteAllTextAsync(CredentialsPath, "[iot]\naws_access_key_id = AKIAOLD\naws_secret_access_key = old\n");
        var run = await RunAsync(Identity("configure", "--profile", "iot", "--command", Binary));
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("static keys", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(ConfigPath));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Configure_dry_run_prints_the_change_and_writes_nothing()
    {
        var run = await RunAsync(Identity("configure", "--profile", "iot", "--command", Binary, "--dry-run"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("+[profile iot]", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("+credential_process = '/opt/cert creds/certcreds' credential-process", run.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(ConfigPath));
    }

    [Fact]
    public async Task Configure_writes_nothing_when_the_setup_does_not_work()
    {
        var run = await RunAsync(Identity("configure", "--profile", "iot", "--command", Binary, "--thing-name", "client2"));
        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Contains("Invalid thing name passed", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(ConfigPath));
    }

    [Fact]
    public async Task Update_once_writes_the_profile_private_and_keeps_the_other_profiles()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(CredentialsPath)!);
        await File.WriteAllTextAsync(CredentialsPath, "[other]\naws_access_key_id = AKIAKEEP\naws_secret_access_key = keep\n");
        var run = await RunAsync(Identity("update", "--profile-name", "iot", "--once"));
        Assert.True(run.ExitCode == 0, run.ToString());
        var text = await File.ReadAllTextAsync(CredentialsPath);
        Assert.StartsWith("[other]\naws_access_key_id = AKIAKEEP\naws_secret_access_key = keep\n\n[iot]\naws_access_key_id = ASIA", text, StringComparison.Ordinal);
        var values = AwsFileEditor.ReadProfile(text, AwsFileKind.Credentials, "iot")!;
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", values["certcreds_expiration"]);
        Assert.DoesNotContain(values["aws_secret_access_key"], run.AllOutput, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(CredentialsPath));
        }

        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(CredentialsPath)!, "*.tmp"));

        var second = await RunAsync(Identity("update", "--profile-name", "iot", "--once"));
        Assert.True(second.ExitCode == 0, second.ToString());
        var after = await File.ReadAllTextAsync(CredentialsPath);
        Assert.Single(AwsFileEditor.SectionsOf(IniParser.Parse(after), AwsFileKind.Credentials, "iot"));
        Assert.NotEqual(values["aws_access_key_id"], AwsFileEditor.ReadProfile(after, AwsFileKind.Credentials, "iot")!["aws_access_key_id"]);
    }

    [Fact]
    public async Task Update_refuses_a_profile_whose_config_already_runs_a_credential_process()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigPath)!);
        await File.WriteAllTextAsync(ConfigPath, "[profile iot]\ncredential_process = /bin/certcreds credential-process\n");
        var run = await RunAsync(Identity("update", "--profile-name", "iot", "--once"));
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("credential_process", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(CredentialsPath));
    }

    [Fact]
    public async Task Update_once_leaves_the_file_untouched_when_the_endpoint_keeps_failing()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(CredentialsPath)!);
        const string Before = "[iot]\naws_access_key_id = AKIAOLD\n";
        await File.WriteAllTextAsync(CredentialsPath, Before);
        server.Faults.Enqueue([.. Enumerable.Repeat(CertCreds.Emulator.Faults.FaultSpec.WithStatus(503), 10)]);
        var run = await RunAsync(Identity("update", "--profile-name", "iot", "--once", "--timeout", "1"));
        Assert.Equal(ExitCodes.Transient, run.ExitCode);
        Assert.Equal(Before, await File.ReadAllTextAsync(CredentialsPath));
    }
}
