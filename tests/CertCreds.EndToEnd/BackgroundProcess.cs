using System.Diagnostics;
using System.Text;
using CertCreds.Platform;

namespace CertCreds.EndToEnd;

/// <summary>
/// The published certcreds binary running in the background (emulator, serve): a clean environment, its
/// stderr collected as <see cref="Log"/>, its stdout lines handed to a callback (or collected too), and a stop
/// by SIGTERM — killed only if it does not exit within 10 s.
/// </summary>
public sealed class BackgroundProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder log = new();

    private BackgroundProcess(Process process) => this.process = process;

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

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

    /// <param name="args">Arguments after the binary.</param>
    /// <param name="environment">The whole environment of the process.</param>
    /// <param name="onStdout">Receives each stdout line; when null, stdout goes to <see cref="Log"/> too.</param>
    /// <param name="program">What to run instead of the binary (e.g. setpriv, which then runs the binary as another user).</param>
    public static BackgroundProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, Action<string>? onStdout = null, string? program = null)
    {
        var info = new ProcessStartInfo(program ?? PublishedBinary.Path)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var background = new BackgroundProcess(Process.Start(info)!);
        var stdout = onStdout ?? background.Append;
        background.process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                stdout(e.Data);
            }
        };
        background.process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                background.Append(e.Data);
            }
        };
        background.process.BeginOutputReadLine();
        background.process.BeginErrorReadLine();
        return background;
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => process.WaitForExitAsync(cancellationToken);

    /// <summary>Sends SIGTERM and waits for the exit; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!process.HasExited)
        {
            _ = NativeSignals.Send(process.Id, NativeSignals.SigTerm);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
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

    private void Append(string line)
    {
        lock (log)
        {
            log.AppendLine(line);
        }
    }
}
