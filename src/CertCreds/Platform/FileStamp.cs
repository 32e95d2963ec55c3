using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace CertCreds.Platform;

/// <summary>
/// What tells one version of a file from another without reading it: device, inode, size, and modification and
/// change times in nanoseconds. Replacing the file (a new inode), rewriting it (mtime, size), or changing its
/// owner or mode (ctime) all give a different stamp; that is what the keyring warm cache keys on instead of
/// parsing the certificate and key.
/// </summary>
public readonly partial record struct FileStamp(ulong Device, ulong Inode, long Size, long ModifiedNanoseconds, long ChangedNanoseconds)
{
    private const int AtFileDescriptorCwd = -100;
    private const uint StatxBasicStats = 0x7ff;

    /// <summary>The stamp of what <paramref name="path"/> names, following symbolic links; null when it cannot be stat'd.</summary>
    public static FileStamp? Of(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Span<byte> buffer = stackalloc byte[256];
        if (Statx(AtFileDescriptorCwd, path, 0, StatxBasicStats, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            return null;
        }

        // struct statx (linux/stat.h), the same layout on every architecture.
        var inode = BinaryPrimitives.ReadUInt64LittleEndian(buffer[32..]);
        var size = BinaryPrimitives.ReadInt64LittleEndian(buffer[40..]);
        var changed = Nanoseconds(buffer[96..]);
        var modified = Nanoseconds(buffer[112..]);
        var device = ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(buffer[136..]) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(buffer[140..]);
        return new FileStamp(device, inode, size, modified, changed);
    }

    private static long Nanoseconds(ReadOnlySpan<byte> timestamp) =>
        (BinaryPrimitives.ReadInt64LittleEndian(timestamp) * 1_000_000_000) + BinaryPrimitives.ReadUInt32LittleEndian(timestamp[8..]);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int directoryDescriptor, string path, int flags, uint mask, ref byte buffer);
}
