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
/// </list>
/// </summary>
public sealed class CacheStore(string directory)
{
    private const UnixFileMode PrivateFolder = AtomicFile.PrivateDirectory;
    private const UnixFileMode PrivateFile = AtomicFile.PrivateFile;
    private const string EntrySuffix = ".cache";
    private const string LockSuffix = ".lock";

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

    public string EntryPath(string id) => Path.Combine(Directory, id + EntrySuffix);

    /// <summary>The entry's bytes, or null when there is none (or it cannot be read: a miss, not an error).</summary>
    public byte[]? TryRead(string id)
    {
        try
        {
            return File.ReadAllBytes(EntryPath(id));
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
            try
            {
                return new FileStream(path, new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None, UnixCreateMode = PrivateFile });
            }
            catch (IOException e) when (FileLockContention.IsHeldElsewhere(e))
            {
                // Held by another certcreds process: it is refreshing this entry right now.
                await Task.Delay(delay, clock, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(50, delay.TotalMilliseconds * 2));
            }
        }
    }

    /// <summary>Deletes every entry and lock file; returns how many entries were removed.</summary>
    public int Clear()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return 0;
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
        if (!System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.CreateDirectory(Directory, PrivateFolder);
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(Directory) & ~PrivateFolder) != 0)
        {
            // A folder others can read would expose which devices and aliases this user fetches for.
            File.SetUnixFileMode(Directory, PrivateFolder);
        }
    }
}
