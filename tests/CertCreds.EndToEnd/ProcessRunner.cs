using System.Diagnostics;
using System.Text;
using CertCreds.Testing;

namespace CertCreds.EndToEnd;

/// <summary>Runs a program to completion with a clean, explicit environment and captures its output.</summary>
internal static class ProcessRunner
{
    public static async Task<CliRun> RunAsync(string fileName, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Like `env -i`: nothing of the test runner's environment leaks in (AWS_PROFILE, proxies, …).
        info.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(fileName)} did not finish within {(timeout ?? TimeSpan.FromSeconds(60)).TotalSeconds} s");
        }

        return new CliRun(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>A minimal environment: PATH (with pyenv's shims for aws and python3), HOME, plus the given variables.</summary>
    public static Dictionary<string, string> CleanEnvironment(string home, params (string Name, string Value)[] extra)
    {
        var pyenv = Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/root", ".pyenv");
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = $"{pyenv}/shims:{pyenv}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ["HOME"] = home,
            ["LANG"] = "C.UTF-8",
        };
        var pyenvRoot = Environment.GetEnvironmentVariable("PYENV_ROOT");
        if (pyenvRoot is not null)
        {
            environment["PYENV_ROOT"] = pyenvRoot;
        }

        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>Finds a program on the test machine's PATH plus pyenv's shims; null when absent.</summary>
    public static string? Which(string program)
    {
        var pyenv = Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/root", ".pyenv", "shims");
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty) + ":" + pyenv;
        foreach (var directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Like <see cref="Which"/>, but a missing tool fails the test loudly instead of skipping it.</summary>
    public static string Require(string program) =>
        Which(program) ?? throw new InvalidOperationException($"{program} is not installed on this machine; the end-to-end tests need it (see .ci/run)");
}
