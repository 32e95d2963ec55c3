using System.Diagnostics;
using System.Text.Json;
using Amazon.Runtime;
using CertCreds.AwsSdk;
using CertCreds.Emulator.Hosting;
using CertCreds.Emulator.State;
using CertCreds.Testing.Emulator;

namespace CertCreds.Tests.AwsSdk;

/// <summary>
/// moto with request signing checks on (prepared by the end-to-end tests' moto_setup.py: the seed role and the IAM
/// user that stands in for the IoT service) and the emulator, in process, obtaining its credentials from moto's
/// STS. What the emulator hands out therefore only works against moto if it is signed correctly. Both stop on dispose.
/// </summary>
public sealed class SignedMotoEmulator : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("certcreds-awssdk-").FullName;
    private MotoServer? moto;
    private EmulatorServer? server;

    public EmulatorServer Server => server!;

    public EmulatorStateDirectory State { get; private set; } = null!;

    public Uri StsEndpoint => moto!.Endpoint;

    public async Task InitializeAsync()
    {
        moto = await MotoServer.StartAsync();
        var key = await RunMotoSetupAsync(moto.Endpoint);
        State = EmulatorStateDirectory.Open(Path.Combine(folder, "state"));
        server = await EmulatorServer.StartAsync(new EmulatorServerOptions
        {
            StateDirectory = State,
            Port = 0,
            StsEndpoint = moto.Endpoint,
            StsCallerCredentials = key,
        });
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        moto?.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Options for the seed device (client1) and alias against this emulator.</summary>
    public IotCredentialsOptions Options(string? roleAlias = null) => new()
    {
        Endpoint = Server.Endpoint,
        RoleAlias = roleAlias ?? EmulatorStateDirectory.SeedRoleAlias,
        CertificatePath = State.Thing(EmulatorStateDirectory.SeedThingName).CertificatePath,
        PrivateKeyPath = State.Thing(EmulatorStateDirectory.SeedThingName).PrivateKeyPath,
        CaCertificatePath = State.RootCaPath,
        ThingName = EmulatorStateDirectory.SeedThingName,
    };

    private static async Task<BasicAWSCredentials> RunMotoSetupAsync(Uri endpoint)
    {
        var home = Environment.GetEnvironmentVariable("HOME") ?? "/root";
        var start = new ProcessStartInfo("python3")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "scripts", "moto_setup.py"), endpoint.ToString().TrimEnd('/') },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PATH"] = $"{home}/.pyenv/shims:{Environment.GetEnvironmentVariable("PATH")}";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("moto_setup.py failed: " + await stderr);
        }

        using var key = JsonDocument.Parse(await stdout);
        return new BasicAWSCredentials(key.RootElement.GetProperty("AccessKeyId").GetString(), key.RootElement.GetProperty("SecretAccessKey").GetString());
    }
}
