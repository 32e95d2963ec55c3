namespace CertCreds.EndToEnd;

/// <summary>
/// <c>certcreds emulator --state-dir DIR --port 0 [--sts-endpoint URL]</c> run as a real process, as a user or
/// a CI script would. Ready once it has written <c>DIR/endpoint</c>; stopped with SIGTERM on dispose.
/// </summary>
public sealed class EmulatorProcess : IAsyncDisposable
{
    private readonly BackgroundProcess process;

    private EmulatorProcess(BackgroundProcess process, string stateDirectory)
    {
        this.process = process;
        StateDirectory = stateDirectory;
    }

    public string StateDirectory { get; }

    /// <summary><c>localhost:PORT</c>, as written to <c>DIR/endpoint</c>.</summary>
    public string Endpoint { get; private set; } = string.Empty;

    public string CaFile => Path.Combine(StateDirectory, "AmazonRootCA1.pem");

    public string Log => process.Log;

    public string CertificateFile(string thing = "client1") => Path.Combine(StateDirectory, thing, "certificate.pem.crt");

    public string PrivateKeyFile(string thing = "client1") => Path.Combine(StateDirectory, thing, "private.pem.key");

    /// <param name="stsUseEnvironmentCredentials">Sign STS calls with the environment's AWS keys (moto with IAM checks on) instead of dummy ones.</param>
    public static async Task<EmulatorProcess> StartAsync(string stateDirectory, IReadOnlyDictionary<string, string> environment, string? stsEndpoint = null, bool stsUseEnvironmentCredentials = false)
    {
        var endpointFile = Path.Combine(stateDirectory, "endpoint");
        if (File.Exists(endpointFile))
        {
            File.Delete(endpointFile);
        }

        List<string> args = ["emulator", "--state-dir", stateDirectory, "--port", "0"];
        if (stsEndpoint is not null)
        {
            args.AddRange(["--sts-endpoint", stsEndpoint]);
        }

        if (stsUseEnvironmentCredentials)
        {
            args.Add("--sts-use-environment-credentials");
        }

        var emulator = new EmulatorProcess(BackgroundProcess.Start(args, environment), stateDirectory);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(endpointFile))
        {
            if (emulator.process.HasExited || DateTime.UtcNow > deadline)
            {
                await emulator.DisposeAsync();
                throw new InvalidOperationException($"the emulator did not start (exit {(emulator.process.HasExited ? emulator.process.ExitCode : -1)}):\n{emulator.Log}");
            }

            await Task.Delay(50);
        }

        emulator.Endpoint = (await File.ReadAllTextAsync(endpointFile)).Trim();
        return emulator;
    }

    /// <summary>
    /// The seed world wired to moto: the emulator obtains credentials from moto's STS with the IAM user that
    /// stands in for the IoT service, so what it hands out works against moto with signature checks on.
    /// </summary>
    public static Task<EmulatorProcess> StartOnMotoAsync(MotoServer moto, string home)
    {
        ArgumentNullException.ThrowIfNull(moto);
        var environment = ProcessRunner.CleanEnvironment(
            home,
            ("AWS_ACCESS_KEY_ID", moto.EmulatorAccessKeyId),
            ("AWS_SECRET_ACCESS_KEY", moto.EmulatorSecretAccessKey),
            ("AWS_DEFAULT_REGION", "us-east-1"),
            ("AWS_REGION", "us-east-1"));
        // moto checks IAM here: the emulator's calls must be signed with the user moto_setup.py created.
        return StartAsync(Path.Combine(home, "emulator"), environment, moto.Endpoint, stsUseEnvironmentCredentials: true);
    }

    /// <summary>Sends SIGTERM and waits for a clean exit; returns the exit code.</summary>
    public Task<int> StopAsync() => process.StopAsync();

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
