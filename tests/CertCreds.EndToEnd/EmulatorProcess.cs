using System.Diagnostics;
using CertCreds.Testing;

namespace CertCreds.EndToEnd;

/// <summary>
/// <c>certcreds emulator --state-dir DIR --port 0 [--sts-endpoint URL]</c> run as a real process, as a user or
/// a CI script would. Ready once it has written <c>DIR/endpoint</c>; stopped with SIGTERM on dispose.
/// </summary>
public sealed class EmulatorProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly System.Text.StringBuilder log = new();

    private EmulatorProcess(Process process, string stateDirectory)
    {
        this.process = process;
        StateDirectory = stateDirectory;
    }

    public string StateDirectory { get; }

    /// <summary><c>localhost:PORT</c>, as written to <c>DIR/endpoint</c>.</summary>
    public string Endpoint { get; private set; } = string.Empty;

    public string CaFile => Path.Combine(StateDirectory, "AmazonRootCA1.pem");

    public string CertificateFile(string thing = "client1") => Path.Combine(StateDirectory, thing, "certificate.pem.crt");

    public string PrivateKeyFile(string thing = "client1") => Path.Combine(StateDirectory, thing, "private.pem.key");

    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    public static async Task<EmulatorProcess> StartAsync(string stateDirectory, IReadOnlyDictionary<string, string> environment, string? stsEndpoint = null)
    {
        var info = new ProcessStartInfo(PublishedBinary.Path)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in (string[])["emulator", "--state-dir", stateDirectory, "--port", "0"])
        {
            info.ArgumentList.Add(arg);
        }

        if (stsEndpoint is not null)
        {
            info.ArgumentList.Add("--sts-endpoint");
            info.ArgumentList.Add(stsEndpoint);
        }

        info.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var endpointFile = Path.Combine(stateDirectory, "endpoint");
        if (File.Exists(endpointFile))
        {
            File.Delete(endpointFile);
        }
        var process = Process.Start(info)!;
        var emulator = new EmulatorProcess(process, stateDirectory);
        process.OutputDataReceived += (_, e) => emulator.Append(e.Data);
        process.ErrorDataReceived += (_, e) => emulator.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(endpointFile))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await emulator.DisposeAsync();
                throw new InvalidOperationException($"the emulator did not start (exit {(process.HasExited ? process.ExitCode : -1)}):\n{emulator.Log}");
            }

            await Task.Delay(50);
        }

        emulator.Endpoint = (await File.ReadAllTextAsync(endpointFile)).Trim();
        return emulator;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
        }
    }

    /// <summary>Sends SIGTERM and waits for a clean exit; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!process.HasExited)
        {
            _ = Kill(process.Id, 15);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process.Dispose();
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}
