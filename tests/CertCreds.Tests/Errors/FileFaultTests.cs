using CertCreds.Errors;

namespace CertCreds.Tests.Errors;

public sealed class FileFaultTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("certcreds-filefault-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Reading_a_folder_as_a_file_says_it_is_a_folder()
    {
        var exception = Assert.ThrowsAny<Exception>(() => File.ReadAllBytes(folder));
        Assert.Equal("it is a folder, not a file", FileFault.Describe(exception, folder));
    }

    [Fact]
    public void A_dangling_symbolic_link_is_named_with_its_target()
    {
        var link = Path.Combine(folder, "link.pem");
        var target = Path.Combine(folder, "gone.pem");
        File.CreateSymbolicLink(link, target);
        var exception = Assert.ThrowsAny<IOException>(() => File.ReadAllBytes(link));
        Assert.Equal($"it is a symbolic link to {target}, which does not exist", FileFault.Describe(exception, link));
    }

    [Fact]
    public void A_file_where_a_folder_belongs_is_named()
    {
        var file = Path.Combine(folder, "plain");
        File.WriteAllText(file, "x");
        var inside = Path.Combine(file, "sub", "config");
        var exception = Assert.ThrowsAny<IOException>(() => Directory.CreateDirectory(Path.GetDirectoryName(inside)!));
        Assert.Equal($"{file} is a file, not a folder", FileFault.Describe(exception, Path.GetDirectoryName(inside)));
        Assert.Equal($"{file} is a file, not a folder", FileFault.WhyMissing(inside));
    }

    [Fact]
    public void A_missing_file_is_missing()
    {
        var missing = Path.Combine(folder, "nothing.pem");
        var exception = Assert.Throws<FileNotFoundException>(() => File.ReadAllBytes(missing));
        Assert.Equal("it does not exist", FileFault.Describe(exception, missing));
    }

    [Theory]
    [InlineData(28, "no space left on the device (disk full)")]
    [InlineData(30, "the file system is read-only")]
    [InlineData(32, "the program reading it has gone away (broken pipe)")]
    [InlineData(5, "an input/output error (the disk or device failed)")]
    public void Errno_becomes_words_without_the_exception_message(int errno, string words)
    {
        // The AOT build's messages are resource keys: the words must come from the errno alone.
        var exception = new IOException("IO_SomeStripped_ResourceKey", errno);
        Assert.Equal(words, FileFault.Describe(exception, null));
    }

    [Fact]
    public void A_folder_on_the_path_that_may_not_be_searched_is_not_called_missing()
    {
        if (Environment.UserName == "root")
        {
            // root may search any folder; the published binary is tested as another user in the end-to-end tests.
            Assert.Equal("it does not exist", FileFault.WhyMissing(Path.Combine(folder, "nothing")));
            return;
        }

        var locked = Path.Combine(folder, "locked");
        Directory.CreateDirectory(locked);
        File.WriteAllText(Path.Combine(locked, "certificate.pem"), "x");
        File.SetUnixFileMode(locked, UnixFileMode.None);
        try
        {
            Assert.Equal("a folder on its path may not be searched by this user (permission denied)", FileFault.WhyMissing(Path.Combine(locked, "certificate.pem")));
        }
        finally
        {
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
