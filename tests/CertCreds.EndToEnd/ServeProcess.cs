using System.Diagnostics;

namespace CertCreds.EndToEnd;

/// <summary>
/// <c>certcreds serve …</c> run as a real process. Ready once it has printed its three <c>export</c> lines on
/// stdout; stopped with SIGTERM on dispose. <see cref="Log"/> is stderr only: stdout carries the token.
/// </summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly System.Text.StringBuilder log = new();

    private ServeProcess(Process process) => this.process = process;

    /// <summary>The variables serve printed, by name.</summary>
    public Dictionary<string, string> Exports { get; } = new(StringComparer.Ordinal);

    public string FullUri => Exports["AWS_CONTAINER_CREDENTIALS_FULL_URI"];

    public string Token => Exports["AWS_CONTAINER_AUTHORIZATION_TOKEN"];

    public string ImdsEndpoint => Exports["AWS_EC2_METADATA_SERVICE_ENDPOINT"];

    public int ProcessId => process.Id;

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

    /// <summary>The container variables for a client.</summary>
    public (string Name, string Value)[] ContainerVariables => [("AWS_CONTAINER_CREDENTIALS_FULL_URI", FullUri), ("AWS_CONTAINER_AUTHORIZATION_TOKEN", Token)];

    public (string Name, string Value)[] ImdsVariables => [("AWS_EC2_METADATA_SERVICE_ENDPOINT", ImdsEndpoint)];

    public static async Task<ServeProcess> StartAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, int expectedExports = 3)
    {
        var info = new ProcessStartInfo(PublishedBinary.Path)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add("serve");
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info)!;
        var serve = new ServeProcess(process);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith("export ", StringComparison.Ordinal) && line.IndexOf('=', StringComparison.Ordinal) is var equals and > 7)
            {
                lock (serve.Exports)
                {
                    serve.Exports[line[7..equals]] = line[(equals + 1)..];
                    if (serve.Exports.Count == expectedExports)
                    {
                        ready.TrySetResult();
                    }
                }
            }
        };
        process.ErrorDataReceived += (_, e) => serve.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var finished = await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(30)));
        if (finished != ready.Task)
        {
            await serve.DisposeAsync();
            throw new InvalidOperationException($"certcreds serve did not start (exit {(process.HasExited ? process.ExitCode : -1)}):\n{serve.Log}");
        }

        return serve;
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

    /// <summary>Sends SIGTERM and waits for the exit; returns the exit code.</summary>
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

        await process.WaitForExitAsync();
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
