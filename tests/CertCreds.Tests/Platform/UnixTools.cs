using System.Diagnostics;

namespace CertCreds.Tests.Platform;

/// <summary>Shell tools the file-safety tests need and .NET has no API for (mkfifo, chown -h).</summary>
internal static class UnixTools
{
    /// <summary>An unprivileged account every Linux system has; files given to it are "another user's".</summary>
    public const uint Nobody = 65534;

    public static bool IsRoot => Environment.UserName == "root";

    public static void Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', args)} failed: {error}");
    }

    public static string MakeFifo(string path)
    {
        Run("mkfifo", path);
        return path;
    }
}
