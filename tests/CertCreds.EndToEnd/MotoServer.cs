using System.Diagnostics;
using System.Text.Json;

namespace CertCreds.EndToEnd;

/// <summary>
/// A real moto server on 127.0.0.1 with SigV4 checking on, prepared like the seed article's AWS account
/// (scripts/moto_setup.py): the role <c>iot-roles-anywhere-role</c> and an IAM user whose key the emulator
/// uses to call sts:AssumeRole. Stopped (killed) on dispose.
/// </summary>
public sealed class MotoServer : IAsyncLifetime
{
    private Process? process;

    public string Endpoint { get; private set; } = string.Empty;

    /// <summary>The key of the IAM user that stands in for the IoT service; never printed.</summary>
    public string EmulatorAccessKeyId { get; private set; } = string.Empty;

    public string EmulatorSecretAccessKey { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var moto = ProcessRunner.Require("moto_server");
        var port = FreePort.Next();
        Endpoint = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo(moto)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in (string[])["-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            info.ArgumentList.Add(arg);
        }

        process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(Endpoint + "/moto-api/"));
                break;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(100);
            }
        }

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
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        process?.Dispose();
        return Task.CompletedTask;
    }
}
