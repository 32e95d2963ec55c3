using System.Runtime.InteropServices;

namespace CertCreds.Platform;

/// <summary>
/// The owner and permission bits of a file, which .NET does not expose (it has the mode, not the owner). Read with
/// <c>statx</c>, whose result layout is the same on every Linux architecture, unlike <c>struct stat</c>.
/// </summary>
public static partial class UnixFileOwner
{
    private const int AtFdCwd = -100;
    private const int StatxBasicStats = 0x7ff;
    private const int UidOffset = 20;
    private const int ModeOffset = 28;

    /// <summary>The owner's uid and the mode bits of <paramref name="path"/> (links followed), or null off Linux or when it cannot be read.</summary>
    public static (int Uid, int Mode)? Get(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        Span<byte> buffer = stackalloc byte[256];
        if (Statx(AtFdCwd, path, 0, StatxBasicStats, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            return null;
        }

        // struct statx, in native byte order: u32 mask, u32 blksize, u64 attributes, u32 nlink, u32 uid, u32 gid, u16 mode, …
        return ((int)MemoryMarshal.Read<uint>(buffer[UidOffset..]), MemoryMarshal.Read<ushort>(buffer[ModeOffset..]));
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int directory, string path, int flags, int mask, ref byte buffer);
}
