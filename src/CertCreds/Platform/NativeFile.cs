using System.Runtime.InteropServices;

namespace CertCreds.Platform;

/// <summary>
/// The one durability step .NET has no API for: flushing a folder, so that a rename into it survives a power cut
/// (a file's own fsync does not persist the directory entry that names it).
/// </summary>
public static partial class NativeFile
{
    /// <summary>Best effort: on failure, or off Unix, the rename is still atomic, only perhaps not yet on disk.</summary>
    public static void FlushDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var descriptor = Open(path, 0);
        if (descriptor < 0)
        {
            return;
        }

        _ = Fsync(descriptor);
        _ = Close(descriptor);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
