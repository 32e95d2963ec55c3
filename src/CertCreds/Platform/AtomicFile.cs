using System.Text;

namespace CertCreds.Platform;

/// <summary>
/// The one way certcreds replaces a file: a temporary file in the same folder (created with the final mode),
/// written and flushed to disk, renamed over the target, then the folder flushed so the rename survives a crash.
/// A reader sees the old file or the new one, never a mix; a writer killed mid-way leaves only a stray
/// <c>.*.tmp</c>. Locking, where several writers meet, is the caller's (see <see cref="CacheStore"/>,
/// <see cref="SharedFileEditor"/>).
/// </summary>
public static class AtomicFile
{
    public const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode PublicFile = PrivateFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Writes UTF-8 text; <paramref name="secret"/> files are 0600, others 0644. Creates the folder (0700) if needed.</summary>
    public static void WriteText(string path, string text, bool secret = false)
    {
        var full = Path.GetFullPath(path);
        CreatePrivateDirectory(Path.GetDirectoryName(full)!);
        Write(full, Encoding.UTF8.GetBytes(text), secret ? PrivateFile : PublicFile);
    }

    /// <summary>
    /// Replaces <paramref name="path"/> (whose folder must exist) with <paramref name="content"/>, with exactly
    /// <paramref name="mode"/> (set on the open file, so the umask does not narrow it). When root rewrites a file
    /// that belongs to someone else, <paramref name="owner"/> (the old file's facts) gives the new file the same
    /// owner and group before it replaces the old one, so root running certcreds for a user never leaves a file
    /// that user can no longer read.
    /// </summary>
    public static void Write(string path, ReadOnlySpan<byte> content, UnixFileMode mode, FileFacts? owner = null)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, UnixCreateMode = mode }))
            {
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(stream.SafeFileHandle, mode);
                    if (owner is { } original && NativeFile.IsRoot && (original.OwnerId != 0 || original.GroupId != 0))
                    {
                        NativeFile.ChangeOwner(stream.SafeFileHandle, original.OwnerId, original.GroupId);
                    }
                }

                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
            NativeFile.FlushDirectory(directory);
        }
        catch
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // The original failure is the one to report; a stray .tmp is harmless.
            }

            throw;
        }
    }

    /// <summary>Creates a folder readable by its owner only, if it does not exist yet.</summary>
    public static void CreatePrivateDirectory(string path)
    {
        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, PrivateDirectory);
        }
    }
}
