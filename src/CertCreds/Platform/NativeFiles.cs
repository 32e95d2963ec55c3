using System.Runtime.InteropServices;

namespace CertCreds.Platform;

/// <summary>The one file operation .NET does not offer: making a rename durable by syncing its directory.</summary>
public static partial class NativeFiles
{
    private const int ReadOnly = 0;

    /// <summary>fsync(2) on a directory, so a rename inside it survives a crash. Best effort: errors are ignored.</summary>
    public static void SyncDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = Open(path, ReadOnly);
        if (fd < 0)
        {
            return;
        }

        _ = Fsync(fd);
        _ = Close(fd);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
