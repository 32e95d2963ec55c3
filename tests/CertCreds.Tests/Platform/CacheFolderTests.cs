using CertCreds.Platform;

namespace CertCreds.Tests.Platform;

/// <summary>The cache folder is used only when it is a real folder of this user that nobody else can write.</summary>
public sealed class CacheFolderTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("certcreds-cachedir-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_missing_folder_is_created_private()
    {
        var path = Path.Combine(folder, "a", "certcreds");
        Assert.NotNull(CacheStore.TryOpen(path, out var refusal));
        Assert.Null(refusal);
        Assert.Equal(AtomicFile.PrivateDirectory, File.GetUnixFileMode(path));
    }

    [Fact]
    public void A_symlinked_folder_is_refused_and_its_target_left_untouched()
    {
        var target = Directory.CreateDirectory(Path.Combine(folder, "target"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute).FullName;
        var link = Path.Combine(folder, "certcreds");
        File.CreateSymbolicLink(link, target);
        Assert.Null(CacheStore.TryOpen(link, out var refusal));
        Assert.Contains("symbolic link", refusal, StringComparison.Ordinal);
        Assert.Contains(link, refusal, StringComparison.Ordinal);
        // Not chmod-ed through the link.
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute, File.GetUnixFileMode(target));
    }

    [Theory]
    [InlineData(UnixFileMode.GroupWrite)]
    [InlineData(UnixFileMode.OtherWrite)]
    public void A_folder_others_can_write_is_refused(UnixFileMode extra)
    {
        var path = Path.Combine(folder, "certcreds");
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, AtomicFile.PrivateDirectory | extra | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        Assert.Null(CacheStore.TryOpen(path, out var refusal));
        Assert.Contains("writable by other users", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_others_can_only_read_is_tightened_to_0700()
    {
        var path = Path.Combine(folder, "certcreds");
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, AtomicFile.PrivateDirectory | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Assert.NotNull(CacheStore.TryOpen(path, out _));
        Assert.Equal(AtomicFile.PrivateDirectory, File.GetUnixFileMode(path));
    }

    [Fact]
    public void A_file_where_the_folder_should_be_is_refused()
    {
        var path = Path.Combine(folder, "certcreds");
        File.WriteAllText(path, "x");
        Assert.Null(CacheStore.TryOpen(path, out var refusal));
        Assert.Contains("not a folder", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_owned_by_another_user_is_refused()
    {
        var path = Path.Combine(folder, "certcreds");
        Directory.CreateDirectory(path, AtomicFile.PrivateDirectory);
        if (UnixTools.IsRoot)
        {
            UnixTools.Run("chown", UnixTools.Nobody.ToString(System.Globalization.CultureInfo.InvariantCulture), path);
            Assert.Null(CacheStore.TryOpen(path, out var refusal));
            Assert.Contains("another user (uid 65534)", refusal, StringComparison.Ordinal);
        }
        else
        {
            // Without root no folder can be given away; a folder this user owns is accepted.
            Assert.NotNull(CacheStore.TryOpen(path, out _));
        }
    }

    [Fact]
    public async Task A_symlink_planted_as_lock_file_is_not_followed()
    {
        var store = CacheStore.TryOpen(Path.Combine(folder, "certcreds"), out _)!;
        var victim = Path.Combine(folder, "victim");
        File.CreateSymbolicLink(Path.Combine(store.Directory, "abc.lock"), victim);
        await Assert.ThrowsAnyAsync<IOException>(() => store.LockAsync("abc", TimeProvider.System, CancellationToken.None));
        Assert.False(File.Exists(victim));
    }

    [Fact]
    public async Task The_entry_lock_excludes_a_second_holder_until_released()
    {
        var store = CacheStore.TryOpen(Path.Combine(folder, "certcreds"), out _)!;
        using (await store.LockAsync("abc", TimeProvider.System, CancellationToken.None))
        {
            using var soon = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.LockAsync("abc", TimeProvider.System, soon.Token));
        }

        using var again = await store.LockAsync("abc", TimeProvider.System, CancellationToken.None);
    }

    [Fact]
    public void Clearing_a_symlinked_folder_deletes_nothing_where_it_points()
    {
        var target = Directory.CreateDirectory(Path.Combine(folder, "target")).FullName;
        File.WriteAllText(Path.Combine(target, "precious.lock"), "x");
        var link = Path.Combine(folder, "certcreds");
        File.CreateSymbolicLink(link, target);
        var e = Assert.Throws<CertCreds.Errors.UsageException>(() => new CacheStore(link).Clear());
        Assert.Contains("symbolic link", e.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(target, "precious.lock")));
    }
}
