using CertCreds.Credentials;
using CertCreds.Platform;
using CertCreds.Testing.Emulator;

namespace CertCreds.Tests.Credentials;

public sealed class WarmCacheKeyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private WarmCacheKey Key(string alias = "alias", string? thing = "thing-1") => new(
        "iot",
        [new("endpoint", "abc.credentials.iot.eu-west-1.amazonaws.com"), new("role-alias", alias), new("thing-name", thing)],
        [Path.Combine(_dir.Path, "cert.pem"), Path.Combine(_dir.Path, "key.pem")]);

    private void WriteIdentity()
    {
        File.WriteAllText(Path.Combine(_dir.Path, "cert.pem"), "certificate");
        File.WriteAllText(Path.Combine(_dir.Path, "key.pem"), "key");
    }

    [Fact]
    public void The_same_options_and_untouched_files_give_the_same_fingerprint()
    {
        WriteIdentity();
        var first = Key().Fingerprint(FileStamp.Of);
        Assert.NotNull(first);
        Assert.Equal(64, first.Length);
        Assert.Equal(first, Key().Fingerprint(FileStamp.Of));
    }

    [Fact]
    public void Another_role_alias_or_thing_name_gives_another_fingerprint()
    {
        WriteIdentity();
        var first = Key().Fingerprint(FileStamp.Of);
        Assert.NotEqual(first, Key(alias: "other").Fingerprint(FileStamp.Of));
        Assert.NotEqual(first, Key(thing: null).Fingerprint(FileStamp.Of));
        Assert.NotEqual(first, Key(thing: string.Empty).Fingerprint(FileStamp.Of));
    }

    [Fact]
    public void A_touched_key_file_gives_another_fingerprint()
    {
        WriteIdentity();
        var first = Key().Fingerprint(FileStamp.Of);
        File.SetLastWriteTimeUtc(Path.Combine(_dir.Path, "key.pem"), DateTime.UtcNow.AddSeconds(-30));
        Assert.NotEqual(first, Key().Fingerprint(FileStamp.Of));
    }

    [Fact]
    public void A_certificate_replaced_by_a_new_file_with_the_same_content_and_times_gives_another_fingerprint()
    {
        WriteIdentity();
        var certificate = Path.Combine(_dir.Path, "cert.pem");
        var before = FileStamp.Of(certificate)!.Value;
        var first = Key().Fingerprint(FileStamp.Of);

        var replacement = Path.Combine(_dir.Path, "cert.new");
        File.WriteAllText(replacement, "certificate");
        File.SetLastWriteTimeUtc(replacement, File.GetLastWriteTimeUtc(certificate));
        File.Move(replacement, certificate, overwrite: true);

        Assert.NotEqual(before.Inode, FileStamp.Of(certificate)!.Value.Inode);
        Assert.NotEqual(first, Key().Fingerprint(FileStamp.Of));
    }

    [Fact]
    public void A_missing_identity_file_gives_no_fingerprint()
    {
        File.WriteAllText(Path.Combine(_dir.Path, "cert.pem"), "certificate");
        Assert.Null(Key().Fingerprint(FileStamp.Of));
    }

    [Fact]
    public void A_file_stamp_reports_size_and_follows_symbolic_links()
    {
        WriteIdentity();
        var link = Path.Combine(_dir.Path, "link.pem");
        File.CreateSymbolicLink(link, Path.Combine(_dir.Path, "cert.pem"));
        var stamp = FileStamp.Of(link)!.Value;
        Assert.Equal(11, stamp.Size);
        Assert.Equal(FileStamp.Of(Path.Combine(_dir.Path, "cert.pem")), stamp);
    }
}
