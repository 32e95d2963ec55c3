using CertCreds.Platform;

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
}
