namespace CertCreds.EndToEnd.Compatibility;

/// <summary>
/// One world for the whole compatibility matrix, set up once per test class: moto (signature checks on), the
/// emulator on moto's STS, a running <c>serve</c>, a profile written by <c>certcreds configure</c> and a
/// credentials file written by <c>certcreds update --once</c>. Each delivery then only differs in the environment
/// a client is started with, and nothing else that could hand out credentials is configured in it.
/// </summary>
public sealed class CompatibilityWorld : IAsyncLifetime
{
    public const string ProcessProfile = "certcreds-process";
    public const string FileProfile = "certcreds-file";

    private MotoHome? home;
    private ServeProcess? serve;

    public MotoServer Moto { get; } = new();

    public string Home => home!.Path;

    public EmulatorProcess Emulator => home!.Emulator;

    /// <summary><c>serve</c> as users start it: a free port, loopback.</summary>
    public ServeProcess Serve => serve!;

    public string ConfigFile => System.IO.Path.Combine(Home, "aws", "config");

    public string CredentialsFile => System.IO.Path.Combine(Home, "aws", "credentials");

    public string ExpectedArn => SeedWorld.AssumedRoleArn(Emulator.CertificateFile());

    public async Task InitializeAsync()
    {
        await Moto.InitializeAsync();
        home = await MotoHome.StartAsync(Moto, "certcreds-e2e-compat-");
        serve = await StartServeAsync();
        await RunCertcredsAsync(["configure", "--profile", ProcessProfile, .. IdentityArguments()], ("AWS_CONFIG_FILE", ConfigFile));
        await RunCertcredsAsync(["update", "--profile-name", FileProfile, "--once", .. IdentityArguments()], ("AWS_SHARED_CREDENTIALS_FILE", CredentialsFile));
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

    public string[] IdentityArguments() =>
        ["--endpoint", Emulator.Endpoint, "--role-alias", SeedWorld.RoleAlias, "--certificate", Emulator.CertificateFile(), "--private-key", Emulator.PrivateKeyFile(), "--ca-cert", Emulator.CaFile, "--thing-name", SeedWorld.Thing];

    /// <summary>Another <c>serve</c> on the same identity (the caller disposes it), e.g. on port 80.</summary>
    public Task<ServeProcess> StartServeAsync(params string[] extra) =>
        ServeProcess.StartAsync([.. IdentityArguments(), "--access-log", .. extra], ProcessRunner.CleanEnvironment(Home));

    /// <summary>
    /// The environment of a client that must get its credentials through <paramref name="delivery"/> only: the other
    /// sources point nowhere and IMDS at 169.254.169.254 is switched off unless IMDS is the delivery under test.
    /// </summary>
    public Dictionary<string, string> ClientEnvironment(Delivery delivery, ServeProcess? server = null)
    {
        server ??= Serve;
        var specific = delivery switch
        {
            Delivery.CredentialProcess => [("AWS_CONFIG_FILE", ConfigFile), ("AWS_PROFILE", ProcessProfile), ("AWS_EC2_METADATA_DISABLED", "true")],
            Delivery.CredentialsFile => [("AWS_SHARED_CREDENTIALS_FILE", CredentialsFile), ("AWS_PROFILE", FileProfile), ("AWS_EC2_METADATA_DISABLED", "true")],
            Delivery.ContainerEndpoint => [.. server.ContainerVariables, ("AWS_EC2_METADATA_DISABLED", "true")],
            Delivery.Imds => server.ImdsVariables,
            _ => throw new ArgumentOutOfRangeException(nameof(delivery)),
        };
        return ProcessRunner.CleanEnvironment(
            Home,
            [("AWS_CONFIG_FILE", System.IO.Path.Combine(Home, "no-config")), ("AWS_SHARED_CREDENTIALS_FILE", System.IO.Path.Combine(Home, "no-credentials")), ("AWS_DEFAULT_REGION", "us-east-1"), ("AWS_REGION", "us-east-1"), ("NODE_NO_WARNINGS", "1"), .. specific]);
    }

    private async Task RunCertcredsAsync(string[] args, params (string Name, string Value)[] environment)
    {
        var run = await ProcessRunner.RunAsync(PublishedBinary.Path, args, ProcessRunner.CleanEnvironment(Home, environment), workingDirectory: Home);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"certcreds {args[0]} failed while setting up the compatibility world:\n{run.Stderr}");
        }
    }
}
