using System.Text.Json;

namespace CertCreds.EndToEnd;

/// <summary>
/// A real moto server (started by the shared test helper) with SigV4 checking on, prepared like the seed
/// article's AWS account by scripts/moto_setup.py: the role <c>iot-roles-anywhere-role</c>, the Roles Anywhere role <c>roles-anywhere-role</c> and an IAM user whose
/// key the emulator uses to call sts:AssumeRole. Stopped on dispose.
/// </summary>
public sealed class MotoServer : IAsyncLifetime
{
    private Testing.Emulator.MotoServer? server;

    public string Endpoint { get; private set; } = string.Empty;

    /// <summary>The key of the IAM user that stands in for the IoT service; never printed.</summary>
    public string EmulatorAccessKeyId { get; private set; } = string.Empty;

    public string EmulatorSecretAccessKey { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        server = await Testing.Emulator.MotoServer.StartAsync();
        Endpoint = server.Endpoint.ToString().TrimEnd('/');
        var script = Path.Combine(AppContext.BaseDirectory, "scripts", "moto_setup.py");
        var setup = await ProcessRunner.RunAsync(ProcessRunner.Require("python3"), [script, Endpoint], ProcessRunner.CleanEnvironment(Path.GetTempPath()));
        if (setup.ExitCode != 0)
        {
            throw new InvalidOperationException("moto_setup.py failed: " + setup.Stderr);
        }

        using var key = JsonDocument.Parse(setup.Stdout);
        EmulatorAccessKeyId = key.RootElement.GetProperty("AccessKeyId").GetString()!;
        EmulatorSecretAccessKey = key.RootElement.GetProperty("SecretAccessKey").GetString()!;
    }

    public Task DisposeAsync()
    {
        server?.Dispose();
        return Task.CompletedTask;
    }
}
