using System.Text;
using CertCreds.Errors;
using Microsoft.Win32.SafeHandles;

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
/// half-written one. A symlinked file is edited where it points, so the link survives (dotfile managers link
/// ~/.aws/config into a repository) — but only a link the current user owns, or one that points at a file of the
/// link's own owner: a link planted by one user must not make root rewrite another user's (or root's) file.
/// </para>
/// <para>
/// Only regular files up to <see cref="MaxFileBytes"/> are read; the lock file is opened with <c>O_NOFOLLOW</c>;
/// a file root rewrites keeps its owner and group.
/// </para>
/// On failure the original file is untouched and the temporary file removed. Text is UTF-8 without BOM; a BOM
/// in the old file is dropped because botocore cannot read a file that starts with one.
/// </summary>
public sealed class SharedFileEditor(TimeProvider clock)
{
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The largest AWS config or credentials file certcreds reads: 8 MiB. Generated configs with thousands of SSO
    /// profiles stay around 1–2 MB, so no real file comes near it, and 8 MiB parses in a fraction of a second;
    /// the cap is against a path pointing at a huge log or disk image, whose content certcreds would otherwise
    /// hold in memory (twice, as bytes and text).
    /// </summary>
    public const int MaxFileBytes = 8 * 1024 * 1024;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads the file as text: empty when it does not exist. Links are followed.</summary>
    public static string ReadText(string path) => ReadText(path, followLinks: true);

    private static string ReadText(string path, bool followLinks)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            var bytes = NativeFile.ReadRegularFile(path, MaxFileBytes, followLinks);
            var start = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
            return Utf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (FileNotFoundException)
        {
            return string.Empty;
        }
        catch (DecoderFallbackException e)
        {
            throw new AwsFileException($"{path} is not UTF-8 text", "fix its encoding (iconv -t UTF-8) before letting certcreds edit it", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new AwsFileException($"{path} cannot be read: permission denied", "run certcreds as the file's owner, or fix its permissions", e);
        }
        catch (SpecialFileException e)
        {
            throw new AwsFileException($"{path} is {FileFacts.Describe(e.Kind)}, not a regular file", "point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE at a regular file (or unset them)", e);
        }
        catch (FileTooLargeException e)
        {
            throw new AwsFileException($"{path} is larger than {MaxFileBytes / 1024 / 1024} MiB, too large for an AWS config or credentials file", "check that the path names the AWS file and not a log or data file", e);
        }
        catch (IOException e)
        {
            throw new AwsFileException($"{path} cannot be read: {FileFault.Describe(e, path)}", "check the path and its folder", e);
        }
    }

    /// <summary>
    /// Applies <paramref name="edit"/> to the current text under the lock. Returns the old and new text; the file
    /// is not rewritten when they are equal.
    /// </summary>
    /// <param name="mode">
    /// The exact mode of the rewritten file. Callers decide: the credentials file is always 0600 because it holds
    /// secrets (a wider old mode is narrowed); configure passes the config file's current mode, so it is kept.
    /// </param>
    public (string Before, string After) Edit(string path, Func<string, string> edit, UnixFileMode mode, TimeSpan lockTimeout)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var full = FollowOwnLink(Path.GetFullPath(path));
        if (!OperatingSystem.IsWindows() && NativeFile.Stat(full, followLinks: false) is { Kind: not FileKind.Regular } special)
        {
            // Before the lock file, which would otherwise be created next to a device (/dev/full.lock).
            throw new AwsFileException($"{full} is {special.DescribeKind()}, not a regular file", "point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE at a regular file (or unset them)");
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
        // The link (if any) is resolved already: a link appearing here now is not followed.
        var before = ReadText(full, followLinks: false);
        // ReadText refused anything but a regular file, so these are the facts of the file being replaced.
        var original = NativeFile.Stat(full, followLinks: false);
        var after = edit(before);
        if (after == before && File.Exists(full))
        {
            return (before, after);
        }

        try
        {
            AtomicFile.Write(full, Utf8.GetBytes(after), mode, original);
        }
        catch (IOException e) when (e.HResult is Errno.NoSpace or Errno.QuotaExceeded)
        {
            throw new AwsFileException($"{full} could not be written: {FileFault.Describe(e, full)}", "free space on that file system and run again; the old file is unchanged", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AwsFileException($"{full} could not be written: {FileFault.Describe(e, full)}", "check that its folder is writable by this user and the disk is not full; the old file is unchanged", e);
        }

        return (before, after);
    }

    /// <summary>
    /// Renaming over a symlink would replace the link with a file, so a link is edited where it points — when
    /// following it is safe: the link is ours, or it points at a file of its own owner (the kernel's
    /// protected_symlinks rule, applied to every folder). A dangling link is replaced by the new file.
    /// </summary>
    private static string FollowOwnLink(string full)
    {
        if (OperatingSystem.IsWindows() || NativeFile.Stat(full, followLinks: false) is not { Kind: FileKind.SymbolicLink } link)
        {
            return full;
        }

        if (new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true) is not { Exists: true } target)
        {
            return full;
        }

        var targetFacts = NativeFile.Stat(target.FullName, followLinks: false);
        if (link.OwnerId != NativeFile.EffectiveUserId && (targetFacts is null || targetFacts.Value.OwnerId != link.OwnerId))
        {
            throw new AwsFileException(
                $"{full} is a symbolic link owned by another user (uid {link.OwnerId}) to {target.FullName}, which that user does not own",
                "run certcreds as the link's owner, or replace the link with the file itself");
        }

        return target.FullName;
    }

    private SafeFileHandle AcquireLock(string path, TimeSpan timeout)
    {
        var started = clock.GetTimestamp();
        while (true)
        {
            SafeFileHandle? handle = null;
            try
            {
                handle = NativeFile.OpenLockFile(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                if (NativeFile.TryLock(handle))
                {
                    return handle;
                }

                handle.Dispose();
                if (clock.GetElapsedTime(started) >= timeout)
                {
                    throw new AwsFileException($"{path} stayed locked for {timeout.TotalSeconds:0} s", "another certcreds process is writing this file; stop it or try again");
                }

                Thread.Sleep(20);
            }
            catch (SpecialFileException e)
            {
                throw new AwsFileException($"the lock file {path} is {FileFacts.Describe(e.Kind)}, not a regular file", $"remove it (rm {path}); certcreds creates it again", e);
            }
            catch (IOException e) when (e.HResult == Errno.TooManyLinks)
            {
                throw new AwsFileException($"the lock file {path} is a symbolic link, which certcreds never follows", $"remove it (rm {path}); certcreds creates it again", e);
            }
            catch (IOException e)
            {
                handle?.Dispose();
                throw new AwsFileException($"the lock file {path} cannot be created: {FileFault.Describe(e, path)}", "check that the folder is writable (not a read-only file system) and the disk is not full", e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new AwsFileException($"the lock file {path} cannot be created: permission denied", "run certcreds as the owner of the folder", e);
            }
        }
    }
}
