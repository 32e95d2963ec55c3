using System.Runtime.InteropServices;

namespace CertCreds.Platform;

/// <summary>
/// Guards file descriptors 0, 1 and 2 at start. When one is closed (<c>&gt;&amp;-</c>), the next file the process
/// opens takes its number, and a later write to "stdout" or "stderr" would land in that file — a cache entry, a
/// credentials file. So a closed one that is still free is pointed at /dev/null, one the runtime already took
/// is left to it, and either is remembered: writing the result to a closed stdout is reported, not silently lost.
/// </summary>
public static partial class StandardDescriptors
{
    private const int FGetFd = 1;
    private const int ReadWrite = 2;
    private const int CloseOnExec = 1;

    /// <summary>Must run before anything opens a file. Returns which of stdin, stdout, stderr were closed.</summary>
    public static (bool Stdin, bool Stdout, bool Stderr) GuardClosed()
    {
        if (OperatingSystem.IsWindows())
        {
            return default;
        }

        return (Guard(0), Guard(1), Guard(2));
    }

    private static bool Guard(int descriptor)
    {
        var flags = Fcntl(descriptor, FGetFd);
        if (flags != -1)
        {
            // Close-on-exec cannot survive the exec that started us: such a descriptor was opened by this process
            // (the runtime opens /dev/urandom before Main, and gets the lowest free number), so it was closed at start.
            return (flags & CloseOnExec) != 0;
        }

        var placeholder = Open("/dev/null", ReadWrite);
        if (placeholder >= 0 && placeholder != descriptor)
        {
            _ = Dup2(placeholder, descriptor);
            _ = Close(placeholder);
        }

        return true;
    }

    [LibraryImport("libc", EntryPoint = "fcntl")]
    private static partial int Fcntl(int descriptor, int command);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "dup2")]
    private static partial int Dup2(int from, int to);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
