using System.Runtime.InteropServices;
using CertCreds.Errors;
using Microsoft.Win32.SafeHandles;

namespace CertCreds.Platform;

/// <summary>
/// The file operations .NET has no safe API for, as direct libc calls (Linux; certcreds' file rules are part of
/// its contract there):
/// <list type="bullet">
/// <item>opening without following a final symbolic link (<c>O_NOFOLLOW</c>) and without blocking on a FIFO
/// (<c>O_NONBLOCK</c>), then asking the open descriptor what it is (<c>statx</c>), so a check and the read that
/// follows are about the same file;</item>
/// <item>lock files created with <c>O_NOFOLLOW</c> and locked with <c>flock</c>;</item>
/// <item>giving a rewritten file its original owner (<c>fchown</c>);</item>
/// <item>flushing a folder, so that a rename into it survives a power cut.</item>
/// </list>
/// </summary>
public static partial class NativeFile
{
    private const int ReadOnly = 0;
    private const int ReadWrite = 2;
    private const int Create = 0x40;
    private const int NonBlocking = 0x800;
    private const int CloseOnExec = 0x80000;
    private const int AtFileDescriptorCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;

    /// <summary>O_NOFOLLOW: the generic Linux value, except on ARM, where the O_DIRECTORY/O_NOFOLLOW bits differ.</summary>
    private static int NoFollow => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    /// <summary>The effective user id: who files we create belong to.</summary>
    public static uint EffectiveUserId => OperatingSystem.IsWindows() ? 0 : GetEffectiveUserId();

    /// <summary>True when running as root, who can (and must, when rewriting someone's file) give files away.</summary>
    public static bool IsRoot => !OperatingSystem.IsWindows() && GetEffectiveUserId() == 0;

    /// <summary>
    /// Opens <paramref name="path"/> for reading without blocking (a FIFO opens at once) and, unless
    /// <paramref name="followLinks"/>, refusing a final symbolic link. Throws the usual .NET exceptions
    /// (<see cref="FileNotFoundException"/>, <see cref="UnauthorizedAccessException"/>, <see cref="IOException"/>
    /// with the errno as HResult).
    /// </summary>
    public static SafeFileHandle OpenForReading(string path, bool followLinks) =>
        OpenChecked(path, ReadOnly | NonBlocking | CloseOnExec | (followLinks ? 0 : NoFollow), 0);

    /// <summary>
    /// Opens or creates a lock file (never through a symbolic link, which would let whoever planted it choose
    /// where a root process creates files) and refuses anything but a regular file.
    /// </summary>
    public static SafeFileHandle OpenLockFile(string path, UnixFileMode mode)
    {
        var handle = OpenChecked(path, ReadWrite | Create | NonBlocking | CloseOnExec | NoFollow, (int)mode);
        var facts = Stat(handle);
        if (facts.Kind != FileKind.Regular)
        {
            handle.Dispose();
            throw new SpecialFileException(path, facts.Kind);
        }

        return handle;
    }

    /// <summary>Takes an exclusive flock without waiting: false when another process holds it.</summary>
    public static bool TryLock(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (Flock(handle, LockExclusive | LockNonBlocking) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == Errno.WouldBlock ? false : throw new IOException(FileFault.Describe(errno), errno);
    }

    /// <summary>What the open descriptor is: the check that cannot race with the read that follows.</summary>
    public static FileFacts Stat(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        Span<byte> buffer = stackalloc byte[256];
        if (StatxHandle(handle, string.Empty, AtEmptyPath, StatxBasicStats, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException(FileFault.Describe(errno), errno);
        }

        return Decode(buffer);
    }

    /// <summary>What a path names (the link itself unless <paramref name="followLinks"/>), or null when nothing does.</summary>
    public static FileFacts? Stat(string path, bool followLinks)
    {
        Span<byte> buffer = stackalloc byte[256];
        if (StatxPath(AtFileDescriptorCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxBasicStats, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is Errno.NoSuchFile or 20 ? null : throw Failure(path, errno);
        }

        return Decode(buffer);
    }

    /// <summary>
    /// Reads a whole regular file through <see cref="OpenForReading"/>: a FIFO, device, socket or directory is
    /// refused (<see cref="SpecialFileException"/>) before any read, and more than <paramref name="maxBytes"/> is
    /// never read (<see cref="FileTooLargeException"/>), whatever the file claims its size is.
    /// </summary>
    public static byte[] ReadRegularFile(string path, int maxBytes, bool followLinks)
    {
        using var handle = OpenForReading(path, followLinks);
        var facts = Stat(handle);
        if (facts.Kind != FileKind.Regular)
        {
            throw new SpecialFileException(path, facts.Kind);
        }

        if (facts.Size > maxBytes)
        {
            throw new FileTooLargeException(path, maxBytes);
        }

        // One byte more than allowed tells a file that grew since the stat apart from one that fits exactly.
        var buffer = new byte[Math.Min(maxBytes, (int)facts.Size) + 1];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (total > maxBytes)
                {
                    throw new FileTooLargeException(path, maxBytes);
                }

                Array.Resize(ref buffer, Math.Min(maxBytes + 1, buffer.Length * 2));
            }

            var read = RandomAccess.Read(handle, buffer.AsSpan(total), total);
            if (read == 0)
            {
                return buffer.AsSpan(0, total).ToArray();
            }

            total += read;
        }
    }

    /// <summary>Gives an open file to <paramref name="ownerId"/>:<paramref name="groupId"/> (root only).</summary>
    public static void ChangeOwner(SafeFileHandle handle, uint ownerId, uint groupId)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (Fchown(handle, ownerId, groupId) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException(FileFault.Describe(errno), errno);
        }
    }

    /// <summary>Best effort: on failure, or off Unix, the rename is still atomic, only perhaps not yet on disk.</summary>
    public static void FlushDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var descriptor = Open(path, CloseOnExec, 0);
        if (descriptor < 0)
        {
            return;
        }

        _ = Fsync(descriptor);
        _ = Close(descriptor);
    }

    private static SafeFileHandle OpenChecked(string path, int flags, int mode)
    {
        var descriptor = Open(path, flags, mode);
        if (descriptor < 0)
        {
            throw Failure(path, Marshal.GetLastPInvokeError());
        }

        return new SafeFileHandle(descriptor, ownsHandle: true);
    }

    private static Exception Failure(string path, int errno) => errno switch
    {
        Errno.NoSuchFile => new FileNotFoundException(FileFault.Describe(errno), path) { HResult = errno },
        20 => new DirectoryNotFoundException(FileFault.Describe(errno)) { HResult = errno },
        Errno.PermissionDenied or 1 => new UnauthorizedAccessException(FileFault.Describe(errno)) { HResult = errno },
        _ => new IOException(FileFault.Describe(errno), errno),
    };

    // struct statx (linux/stat.h) has the same layout on every architecture, unlike struct stat.
    private static FileFacts Decode(ReadOnlySpan<byte> statx)
    {
        var uid = BitConverter.ToUInt32(statx[20..]);
        var gid = BitConverter.ToUInt32(statx[24..]);
        var mode = BitConverter.ToUInt16(statx[28..]);
        var size = BitConverter.ToInt64(statx[40..]);
        var kind = (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.SymbolicLink,
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0xC000 => FileKind.Socket,
            _ => FileKind.Unknown,
        };
        return new FileFacts(kind, uid, gid, (UnixFileMode)(mode & 0xFFF), size);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int StatxHandle(SafeFileHandle descriptor, string path, int flags, uint mask, ref byte buffer);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int StatxPath(int directoryDescriptor, string path, int flags, uint mask, ref byte buffer);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(SafeFileHandle descriptor, int operation);

    [LibraryImport("libc", EntryPoint = "fchown", SetLastError = true)]
    private static partial int Fchown(SafeFileHandle descriptor, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
