namespace CertCreds.EndToEnd.RolesAnywhere;

/// <summary>
/// One world per test class, set up once: moto with signature checks, the emulator (a real process) minting Roles
/// Anywhere sessions through moto's sts:AssumeRole, a running <c>serve</c> for the RSA device, an AWS config file
/// with a <c>credential_process</c> profile per device, and a credentials file written by <c>update --once</c> for
/// the EC device. A client then only differs in the environment it is started with.
/// </summary>
public sealed class RolesAnywhereStsWorld : IAsyncLifetime
{
    private MotoHome? home;
    private ServeProcess? serve;

    public MotoServer Moto { get; } = new();

    public string Home => home!.Path;

    public EmulatorProcess Emulator => home!.Emulator;

    internal RolesAnywhereTarget Target { get; private set; } = null!;

    public ServeProcess Serve => serve!;

    public string ConfigFile => Path.Combine(Home, "aws", "config");

    public string CredentialsFile => Path.Combine(Home, "aws", "credentials");

    public static string ProcessProfile(string device) => "ra-process-" + device;

    public const string FileProfile = "ra-file";

    public async Task InitializeAsync()
    {
        await Moto.InitializeAsync();
        home = await MotoHome.StartAsync(Moto, "certcreds-e2e-ra-");
        Target = RolesAnywhereTarget.Read(Emulator.StateDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigFile)!);
        var config = string.Concat(((string[])[RolesAnywhereTarget.RsaDevice, RolesAnywhereTarget.EcDevice]).Select(device =>
            $"[profile {ProcessProfile(device)}]\ncredential_process = {RolesAnywhereTarget.CredentialProcessLine(PublishedBinary.Path, ["credential-process", .. Target.Arguments(device)])}\nregion = us-east-1\n"));
        await File.WriteAllTextAsync(ConfigFile, config);
        // --port 0: with Roles Anywhere serve would take aws_signing_helper's fixed 9911, which parallel runs would share.
        serve = await ServeProcess.StartAsync([.. Target.Arguments(RolesAnywhereTarget.RsaDevice), "--port", "0", "--access-log"], ProcessRunner.CleanEnvironment(Home));
        var update = await RunCertcredsAsync(["update", "--profile-name", FileProfile, "--once", .. Target.Arguments(RolesAnywhereTarget.EcDevice)]);
        if (update.ExitCode != 0)
        {
            throw new InvalidOperationException("certcreds update --once failed while setting up the Roles Anywhere world:\n" + update);
        }
    }

    public async Task DisposeAsync()
    {
        if (serve is not null)
        {
            await serve.DisposeAsync();
        }

        if (home is not null)
        {
            await home.DisposeAsync();
        }

        await Moto.DisposeAsync();
    }

    /// <summary>Runs the published binary with this world's HOME, config and credentials files.</summary>
    public Task<Testing.CliRun> RunCertcredsAsync(IEnumerable<string> args, params (string Name, string Value)[] extra) =>
        ProcessRunner.RunAsync(
            PublishedBinary.Path,
            args,
            ProcessRunner.CleanEnvironment(Home, [("AWS_CONFIG_FILE", ConfigFile), ("AWS_SHARED_CREDENTIALS_FILE", CredentialsFile), .. extra]),
            workingDirectory: Home);

    /// <summary>
    /// A client environment in which only the variables given can hand out credentials: no config or credentials file
    /// unless named, IMDS at 169.254.169.254 off unless the variables point it at serve.
    /// </summary>
    public Dictionary<string, string> ClientEnvironment(params (string Name, string Value)[] specific) => ProcessRunner.CleanEnvironment(
        Home,
        [("AWS_CONFIG_FILE", Path.Combine(Home, "no-config")), ("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(Home, "no-credentials")), ("AWS_DEFAULT_REGION", "us-east-1"), ("AWS_REGION", "us-east-1"), ("NODE_NO_WARNINGS", "1"), .. specific]);
}
