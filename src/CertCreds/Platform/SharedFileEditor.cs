using System.Text;
using CertCreds.Errors;

namespace CertCreds.Platform;

/// <summary>
/// Read-modify-write of a file other programs read and other certcreds processes write (~/.aws/credentials,
/// ~/.aws/config).
/// <para>
/// Locking rule: every writer holds an exclusive advisory lock on <c>FILE.lock</c> in the same folder
/// (<see cref="FileShare.None"/>, which .NET implements with <c>flock(LOCK_EX)</c> on Unix) for the whole
/// read-modify-write, so two writers cannot lose each other's change. The lock file is never deleted (deleting it
/// would let a third process lock a different inode). Readers (AWS clients) take no lock and never need one: the
/// new content is written to a temporary file in the same folder (mode 0600), flushed to disk, then renamed over
/// the old file (and the folder flushed), so a reader sees the old file or the new one, never an empty or
/// half-written one. A symlinked file is edited where it points, so the link survives.
/// </para>
/// On failure the original file is untouched and the temporary file removed. Text is UTF-8 without BOM; a BOM
/// in the old file is dropped because botocore cannot read a file that starts with one.
/// </summary>
public sealed class SharedFileEditor(TimeProvider clock)
{
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(10);

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads the file as text: empty when it does not exist.</summary>
    public static string ReadText(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return string.Empty;
            }

            var bytes = File.ReadAllBytes(path);
            var start = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
            return Utf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException e)
        {
            throw new AwsFileException($"{path} is not UTF-8 text", "fix its encoding (iconv -t UTF-8) before letting certcreds edit it", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new AwsFileException($"{path} cannot be read: permission denied", "run certcreds as the file's owner, or fix its permissions", e);
        }
        catch (IOException e)
        {
            throw new AwsFileException($"{path} cannot be read: {FileFault.Describe(e, path)}", "check the path (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE) names a readable file", e);
        }
    }

    /// <summary>
    /// Applies <paramref name="edit"/> to the current text under the lock. Returns the old and new text; the file
    /// is not rewritten when they are equal.
    /// </summary>
    /// <param name="mode">Mode of the rewritten file (0600 for credentials).</param>
    public (string Before, string After) Edit(string path, Func<string, string> edit, UnixFileMode mode, TimeSpan lockTimeout)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var full = Path.GetFullPath(path);
        // Renaming over a symlink would replace the link with a file; edit what it points at instead.
        if (File.Exists(full) && new FileInfo(full).LinkTarget is not null && new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true) is { } target)
        {
            full = target.FullName;
        }

        var folder = Path.GetDirectoryName(full)!;
        // 0700 like the AWS CLI's own ~/.aws.
        try
        {
            AtomicFile.CreatePrivateDirectory(folder);
        }
        catch (Exception e) when (FileFault.IsFileFault(e))
        {
            throw new AwsFileException($"the folder {folder} cannot be created: {FileFault.Describe(e, folder)}", "check the path (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE) and that this user may create it", e);
        }

        using var lockFile = AcquireLock(full + ".lock", lockTimeout);
        var before = ReadText(full);
        var after = edit(before);
        if (after == before && File.Exists(full))
        {
            return (before, after);
        }

        try
        {
            AtomicFile.Write(full, Utf8.GetBytes(after), mode);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AwsFileException($"{full} could not be written: {FileFault.Describe(e, full)}", "check that its folder is writable by this user and the disk is not full; the old file is unchanged", e);
        }

        return (before, after);
    }

    private FileStream AcquireLock(string path, TimeSpan timeout)
    {
        var started = clock.GetTimestamp();
        while (true)
        {
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                return new FileStream(path, options);
            }
            catch (IOException e) when (FileLockContention.IsHeldElsewhere(e) && clock.GetElapsedTime(started) < timeout)
            {
                Thread.Sleep(20);
            }
            catch (IOException e) when (FileLockContention.IsHeldElsewhere(e))
            {
                throw new AwsFileException($"{path} stayed locked for {timeout.TotalSeconds:0} s", "another certcreds process is writing this file; stop it or try again", e);
            }
            catch (IOException e)
            {
                throw new AwsFileException($"the lock file {path} cannot be created: {FileFault.Describe(e, path)}", "check that the folder is writable (not a read-only file system) and the disk is not full", e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new AwsFileException($"the lock file {path} cannot be created: permission denied", "run certcreds as the owner of the folder", e);
            }
        }
    }
}
