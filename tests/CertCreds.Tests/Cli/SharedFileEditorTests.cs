using CertCreds.Platform;
using CertCreds.Tests.Platform;

namespace CertCreds.Tests.Cli;

public sealed class SharedFileEditorTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("certcreds-shared-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_symlinked_file_is_edited_where_it_points_and_the_link_stays()
    {
        var real = Path.Combine(folder, "real-credentials");
        File.WriteAllText(real, "old");
        var link = Path.Combine(folder, "credentials");
        File.CreateSymbolicLink(link, real);
        new SharedFileEditor(TimeProvider.System).Edit(link, before => before + " new", UnixFileMode.UserRead | UnixFileMode.UserWrite, SharedFileEditor.DefaultLockTimeout);
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal("old new", File.ReadAllText(real));
    }

    [Fact]
    public void A_failing_edit_leaves_the_file_and_no_temporary_file_behind()
    {
        var path = Path.Combine(folder, "credentials");
        File.WriteAllText(path, "keep");
        Assert.Throws<InvalidOperationException>(() => new SharedFileEditor(TimeProvider.System).Edit(path, _ => throw new InvalidOperationException("refused"), UnixFileMode.UserRead, SharedFileEditor.DefaultLockTimeout));
        Assert.Equal("keep", File.ReadAllText(path));
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    [Fact]
    public void A_held_lock_makes_a_second_writer_wait_and_then_give_up_with_an_explanation()
    {
        var path = Path.Combine(folder, "credentials");
        using var held = new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var error = Assert.Throws<CertCreds.Errors.AwsFileException>(() => new SharedFileEditor(TimeProvider.System).Edit(path, t => t + "x", UnixFileMode.UserRead, TimeSpan.FromMilliseconds(200)));
        Assert.Contains("stayed locked", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_bom_is_dropped_because_botocore_cannot_read_past_it()
    {
        var path = Path.Combine(folder, "config");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. "[default]\n"u8]);
        new SharedFileEditor(TimeProvider.System).Edit(path, t => t + "region = x\n", UnixFileMode.UserRead | UnixFileMode.UserWrite, SharedFileEditor.DefaultLockTimeout);
        Assert.Equal("[default]\nregion = x\n"u8.ToArray(), File.ReadAllBytes(path));
    }

    [Fact]
    public void A_symlink_planted_as_lock_file_is_refused_and_nothing_is_created_where_it_points()
    {
        var path = Path.Combine(folder, "credentials");
        var victim = Path.Combine(folder, "victim");
        File.CreateSymbolicLink(path + ".lock", victim);
        var e = Assert.Throws<CertCreds.Errors.AwsFileException>(() => new SharedFileEditor(TimeProvider.System).Edit(path, t => t + "[x]\n", AtomicFile.PrivateFile, SharedFileEditor.DefaultLockTimeout));
        Assert.Contains("symbolic link", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(victim));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_rewritten_file_keeps_its_owner_and_group()
    {
        var path = Path.Combine(folder, "config");
        File.WriteAllText(path, "[default]\n");
        var owner = UnixTools.IsRoot ? UnixTools.Nobody : NativeFile.EffectiveUserId;
        if (UnixTools.IsRoot)
        {
            // Root rewriting a user's file: the user must still own it afterwards.
            UnixTools.Run("chown", $"{UnixTools.Nobody}:{UnixTools.Nobody}", path);
        }

        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        new SharedFileEditor(TimeProvider.System).Edit(path, t => t + "region = x\n", mode, SharedFileEditor.DefaultLockTimeout);
        var facts = NativeFile.Stat(path, followLinks: false)!.Value;
        Assert.Equal("[default]\nregion = x\n", File.ReadAllText(path));
        Assert.Equal(owner, facts.OwnerId);
        Assert.Equal(mode, facts.Permissions);
    }

    [Fact]
    public void The_requested_mode_is_kept_exactly_whatever_the_umask()
    {
        var path = Path.Combine(folder, "config");
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead;
        new SharedFileEditor(TimeProvider.System).Edit(path, _ => "[default]\n", mode, SharedFileEditor.DefaultLockTimeout);
        Assert.Equal(mode, File.GetUnixFileMode(path));
    }

    [Fact]
    public void A_symlink_of_another_user_to_a_file_it_does_not_own_is_not_followed_by_root()
    {
        var real = Path.Combine(folder, "roots-file");
        File.WriteAllText(real, "keep");
        var link = Path.Combine(folder, "credentials");
        File.CreateSymbolicLink(link, real);
        if (!UnixTools.IsRoot)
        {
            // Both owned by this user: the link is followed, as for dotfile managers.
            new SharedFileEditor(TimeProvider.System).Edit(link, t => t + " new", AtomicFile.PrivateFile, SharedFileEditor.DefaultLockTimeout);
            Assert.Equal("keep new", File.ReadAllText(real));
            return;
        }

        UnixTools.Run("chown", "-h", UnixTools.Nobody.ToString(System.Globalization.CultureInfo.InvariantCulture), link);
        var e = Assert.Throws<CertCreds.Errors.AwsFileException>(() => new SharedFileEditor(TimeProvider.System).Edit(link, t => t + " new", AtomicFile.PrivateFile, SharedFileEditor.DefaultLockTimeout));
        Assert.Contains("owned by another user", e.Message, StringComparison.Ordinal);
        Assert.Equal("keep", File.ReadAllText(real));
        Assert.NotNull(new FileInfo(link).LinkTarget);
    }

    [Fact]
    public void A_symlink_of_another_user_to_that_users_own_file_is_followed_and_keeps_the_owner()
    {
        var real = Path.Combine(folder, "users-file");
        File.WriteAllText(real, "[default]\n");
        var link = Path.Combine(folder, "credentials");
        File.CreateSymbolicLink(link, real);
        var owner = NativeFile.EffectiveUserId;
        if (UnixTools.IsRoot)
        {
            owner = UnixTools.Nobody;
            UnixTools.Run("chown", "-h", owner.ToString(System.Globalization.CultureInfo.InvariantCulture), link);
            UnixTools.Run("chown", owner.ToString(System.Globalization.CultureInfo.InvariantCulture), real);
        }

        new SharedFileEditor(TimeProvider.System).Edit(link, t => t + "x = 1\n", AtomicFile.PrivateFile, SharedFileEditor.DefaultLockTimeout);
        Assert.Equal("[default]\nx = 1\n", File.ReadAllText(real));
        Assert.Equal(owner, NativeFile.Stat(real, followLinks: false)!.Value.OwnerId);
    }
}
