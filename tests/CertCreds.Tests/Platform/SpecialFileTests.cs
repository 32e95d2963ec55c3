using CertCreds.Errors;
using CertCreds.Platform;

namespace CertCreds.Tests.Platform;

/// <summary>
/// Inputs that are not regular files must be refused before any read: a FIFO with no writer would block the
/// open forever, /dev/zero and /dev/urandom never end. Each call is bounded by a generous 10 s so a regression
/// fails the test instead of hanging the run.
/// </summary>
public sealed class SpecialFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("certcreds-special-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static T WithinTenSeconds<T>(Func<T> action)
    {
        var task = Task.Run(action);
        Assert.True(task.Wait(TimeSpan.FromSeconds(10)), "the call did not finish within 10 s");
        return task.Result;
    }

    public static TheoryData<string> Devices => new() { "/dev/zero", "/dev/urandom", "/dev/null" };

    [Theory]
    [MemberData(nameof(Devices))]
    public void A_device_as_certificate_is_an_identity_error_naming_it(string device)
    {
        var e = WithinTenSeconds(() => Record.Exception(() => new FileReader(folder).Read(device, "certificate", "--certificate")));
        var identity = Assert.IsType<IdentityException>(e);
        Assert.Contains(device, identity.Message, StringComparison.Ordinal);
        Assert.Contains("character device, not a regular file", identity.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Identity, identity.ExitCode);
    }

    [Fact]
    public void A_fifo_with_no_writer_as_private_key_is_refused_at_once()
    {
        var fifo = UnixTools.MakeFifo(Path.Combine(folder, "key.pem"));
        var e = WithinTenSeconds(() => Record.Exception(() => new FileReader(folder).Read(fifo, "private key", "--private-key")));
        var identity = Assert.IsType<IdentityException>(e);
        Assert.Contains("FIFO", identity.Message, StringComparison.Ordinal);
        Assert.Contains("--private-key", identity.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symlink_to_a_fifo_is_refused_too()
    {
        var fifo = UnixTools.MakeFifo(Path.Combine(folder, "pipe"));
        var link = Path.Combine(folder, "password.txt");
        File.CreateSymbolicLink(link, fifo);
        var e = WithinTenSeconds(() => Record.Exception(() => new FileReader(folder).Read(link, "password file", "--private-key-password-file")));
        Assert.Contains("FIFO", Assert.IsType<IdentityException>(e).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symlinked_regular_file_is_read()
    {
        var real = Path.Combine(folder, "real.pem");
        File.WriteAllText(real, "-----BEGIN CERTIFICATE-----");
        var link = Path.Combine(folder, "cert.pem");
        File.CreateSymbolicLink(link, real);
        Assert.Equal(File.ReadAllBytes(real), new FileReader(folder).Read(link, "certificate", "--certificate"));
    }

    [Fact]
    public void A_file_over_one_mib_is_refused_without_reading_it_whole()
    {
        var path = Path.Combine(folder, "huge.pem");
        using (var stream = File.Create(path))
        {
            stream.SetLength(FileReader.MaxInputBytes + 1);
        }

        var e = Assert.Throws<IdentityException>(() => new FileReader(folder).Read(path, "certificate", "--certificate"));
        Assert.Contains("larger than 1 MiB", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_of_exactly_one_mib_is_read()
    {
        var path = Path.Combine(folder, "big.pem");
        File.WriteAllBytes(path, new byte[FileReader.MaxInputBytes]);
        Assert.Equal(FileReader.MaxInputBytes, new FileReader(folder).Read(path, "certificate", "--certificate").Length);
    }

    [Fact]
    public void A_directory_is_named_as_a_directory()
    {
        var e = Assert.Throws<IdentityException>(() => new FileReader(folder).Read(folder, "CA file", "--ca-cert"));
        Assert.Contains("is a directory", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dev/full")]
    [InlineData("/dev/zero")]
    public void A_device_as_aws_file_is_refused_before_reading(string device)
    {
        var e = WithinTenSeconds(() => Record.Exception(() => SharedFileEditor.ReadText(device)));
        var aws = Assert.IsType<AwsFileException>(e);
        Assert.Contains(device, aws.Message, StringComparison.Ordinal);
        Assert.Contains("not a regular file", aws.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Editing_a_device_as_credentials_file_never_replaces_it()
    {
        // Renaming a temporary file over /dev/full (root may) would replace the device node.
        var e = WithinTenSeconds(() => Record.Exception(() => new SharedFileEditor(TimeProvider.System).Edit("/dev/full", t => t + "[x]\n", AtomicFile.PrivateFile, SharedFileEditor.DefaultLockTimeout)));
        Assert.IsType<AwsFileException>(e);
        Assert.Equal(FileKind.CharacterDevice, NativeFile.Stat("/dev/full", followLinks: false)!.Value.Kind);
    }

    [Fact]
    public void A_fifo_as_cache_entry_is_a_miss_not_a_hang()
    {
        var store = CacheStore.TryOpen(Path.Combine(folder, "cache"), out var refusal)!;
        Assert.Null(refusal);
        UnixTools.MakeFifo(store.EntryPath("abc"));
        Assert.Null(WithinTenSeconds(() => store.TryRead("abc")));
        store.Write("abc", "sealed"u8);
        Assert.Equal("sealed"u8.ToArray(), store.TryRead("abc"));
    }

    [Fact]
    public void A_symlink_as_cache_entry_is_a_miss()
    {
        var store = CacheStore.TryOpen(Path.Combine(folder, "cache"), out _)!;
        var elsewhere = Path.Combine(folder, "elsewhere");
        File.WriteAllText(elsewhere, "planted");
        File.CreateSymbolicLink(store.EntryPath("abc"), elsewhere);
        Assert.Null(store.TryRead("abc"));
    }
}
