using CertCreds.Errors;

namespace CertCreds.Platform;

/// <summary>
/// The cache folder on disk: <c>$XDG_CACHE_HOME/certcreds</c>, else <c>~/.cache/certcreds</c>; folder 0700,
/// files 0600. Shared by every certcreds process of the user, so its rules are:
/// <list type="bullet">
/// <item>Readers take no lock: an entry file is only ever replaced whole (temp file in the same folder, fsync,
/// rename, fsync of the folder), so a reader sees the old entry or the new one, never a mix, even if a writer is
/// killed mid-write.</item>
/// <item>Refreshers take an exclusive advisory lock per entry (<c>ID.lock</c>, flock(2) through
/// <see cref="FileShare.None"/>); the kernel releases it when the holder dies, so a crash never wedges others.
/// Waiting is by polling, bounded by the caller's deadline.</item>
/// <item>The folder is used only when it is a real folder (not a symbolic link), owned by the current user and
/// writable by nobody else (<see cref="TryOpen"/>); otherwise someone else could read, plant or redirect entries
/// and locks. Entries and locks are opened with <c>O_NOFOLLOW</c>, and an entry that is not a regular file
/// (a planted FIFO) is a miss, never a blocking read.</item>
/// </list>
/// </summary>
public sealed class CacheStore(string directory)
{
    private const UnixFileMode PrivateFolder = AtomicFile.PrivateDirectory;
    private const UnixFileMode PrivateFile = AtomicFile.PrivateFile;
    private const string EntrySuffix = ".cache";
    private const string LockSuffix = ".lock";

    /// <summary>Sealed entries are a few hundred bytes; anything near this is not ours.</summary>
    private const int MaxEntryBytes = 64 * 1024;

    public string Directory { get; } = directory;

    /// <summary>The default folder from the environment, or null when neither XDG_CACHE_HOME nor HOME is usable.</summary>
    public static string? DefaultDirectory(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var xdg = environment("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "certcreds");
        }

        var home = environment("HOME");
        return !string.IsNullOrEmpty(home) && Path.IsPathRooted(home) ? Path.Combine(home, ".cache", "certcreds") : null;
    }

    /// <summary>
    /// The store in <paramref name="directory"/> (created 0700 if missing), or null with a one-line reason in
    /// <paramref name="refusal"/> when the folder is not safe to use: a symbolic link, not a folder, owned by
    /// another user, or writable by group or others. A folder only others can read is tightened to 0700, as
    /// entry names would tell which devices and aliases this user fetches for.
    /// </summary>
    public static CacheStore? TryOpen(string directory, out string? refusal)
    {
        ArgumentNullException.ThrowIfNull(directory);
        refusal = null;
        if (OperatingSystem.IsWindows())
        {
            return new CacheStore(directory);
        }

        const string Fix = "remove it, or set XDG_CACHE_HOME to a folder only you can write; credentials are fetched without the cache";
        try
        {
            var facts = NativeFile.Stat(directory, followLinks: false);
            if (facts is null)
            {
                // mkdir(2) never follows a final symbolic link, so this cannot create the folder elsewhere.
                System.IO.Directory.CreateDirectory(directory, PrivateFolder);
                facts = NativeFile.Stat(directory, followLinks: false);
            }

            switch (facts)
            {
                case null:
                    refusal = $"the cache folder {directory} disappeared while it was created — {Fix}";
                    return null;
                case { Kind: FileKind.SymbolicLink }:
                    refusal = $"the cache folder {directory} is a symbolic link — {Fix}";
                    return null;
                case { Kind: not FileKind.Directory } other:
                    refusal = $"the cache folder {directory} is {other.DescribeKind()}, not a folder — {Fix}";
                    return null;
                case { } folder when folder.OwnerId != NativeFile.EffectiveUserId:
                    refusal = $"the cache folder {directory} belongs to another user (uid {folder.OwnerId}) — {Fix}";
                    return null;
                case { } folder when (folder.Permissions & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0:
                    refusal = $"the cache folder {directory} is writable by other users — {Fix}";
                    return null;
                case { } folder when (folder.Permissions & ~PrivateFolder) != 0:
                    File.SetUnixFileMode(directory, PrivateFolder);
                    break;
            }

            return new CacheStore(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            refusal = $"the cache folder {directory} cannot be used: {FileFault.Describe(e, directory)} — {Fix}";
            return null;
        }
    }

    public string EntryPath(string id) => Path.Combine(Directory, id + EntrySuffix);

    /// <summary>The entry's bytes, or null when there is none (or it cannot be read: a miss, not an error).</summary>
    public byte[]? TryRead(string id)
    {
        try
        {
            return OperatingSystem.IsWindows() ? File.ReadAllBytes(EntryPath(id)) : NativeFile.ReadRegularFile(EntryPath(id), MaxEntryBytes, followLinks: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Replaces the entry atomically (<see cref="AtomicFile"/>). Failures propagate (the caller decides that a cache write is optional).</summary>
    public void Write(string id, ReadOnlySpan<byte> bytes)
    {
        EnsureDirectory();
        AtomicFile.Write(EntryPath(id), bytes, PrivateFile);
    }

    /// <summary>
    /// Waits for the entry's exclusive lock until <paramref name="cancellationToken"/> fires. Dispose the result
    /// to release it.
    /// </summary>
    public async Task<IDisposable> LockAsync(string id, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clock);
        EnsureDirectory();
        var path = Path.Combine(Directory, id + LockSuffix);
        var delay = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            if (OperatingSystem.IsWindows())
            {
                return new FileStream(path, new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None });
            }

            var handle = NativeFile.OpenLockFile(path, PrivateFile);
            if (NativeFile.TryLock(handle))
            {
                return handle;
            }

            // Held by another certcreds process: it is refreshing this entry right now.
            handle.Dispose();
            await Task.Delay(delay, clock, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(50, delay.TotalMilliseconds * 2));
        }
    }

    /// <summary>Deletes every entry and lock file; returns how many entries were removed. Never through a symbolic link.</summary>
    public int Clear()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return 0;
        }

        if (!OperatingSystem.IsWindows() && NativeFile.Stat(Directory, followLinks: false) is { Kind: not FileKind.Directory } planted)
        {
            // Clearing through a link would delete *.lock and *.cache files wherever it points.
            throw new Errors.UsageException($"the cache folder {Directory} is {planted.DescribeKind()}, not a folder; nothing was removed", $"remove it (rm {Directory}); certcreds creates a private folder again");
        }

        var removed = 0;
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory))
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(EntrySuffix, StringComparison.Ordinal) || name.EndsWith(LockSuffix, StringComparison.Ordinal) || name.EndsWith(".tmp", StringComparison.Ordinal))
            {
                File.Delete(file);
                removed += name.EndsWith(EntrySuffix, StringComparison.Ordinal) ? 1 : 0;
            }
        }

        return removed;
    }

    private void EnsureDirectory()
    {
        // Checked once by TryOpen; created again only if removed since (cache clear from another process).
        if (!System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.CreateDirectory(Directory, PrivateFolder);
        }
    }
}
