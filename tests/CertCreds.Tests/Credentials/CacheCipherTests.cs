using System.Security.Cryptography.X509Certificates;
using System.Text;
using CertCreds.Credentials;
using CertCreds.Testing;

namespace CertCreds.Tests.Credentials;

public sealed class CacheCipherTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly CachedCredentials Entry = new(new TemporaryCredentials("ASIAEXAMPLE", ProviderBodies.Secret, ProviderBodies.Token, Now.AddHours(1)), Now);
    private readonly TestIdentities pki = new();

    public void Dispose() => pki.Dispose();

    private X509Certificate2 Device(TestKeyKind kind = TestKeyKind.Rsa2048)
    {
        var (certificate, key) = pki.Issue(kind);
        return key switch
        {
            System.Security.Cryptography.RSA rsa => certificate.CopyWithPrivateKey(rsa),
            System.Security.Cryptography.ECDsa ec => certificate.CopyWithPrivateKey(ec),
            _ => throw new InvalidOperationException(),
        };
    }

    private static CacheKey KeyFor(X509Certificate2 device, string? thing = "client1") =>
        new("iot", "localhost:8443", "alias", thing, CertCreds.Certificates.DeviceIdentity.ComputeCertificateId(device));

    [Theory]
    [InlineData(TestKeyKind.Rsa2048)]
    [InlineData(TestKeyKind.EcP256)]
    [InlineData(TestKeyKind.EcP384)]
    public void An_entry_sealed_by_a_device_opens_for_the_same_device_in_a_later_process(TestKeyKind kind)
    {
        using var device = Device(kind);
        byte[] sealedEntry;
        using (var writer = CacheCipher.Create(device, KeyFor(device)))
        {
            sealedEntry = writer.Seal(Entry);
        }

        using var reader = CacheCipher.Create(device, KeyFor(device));
        Assert.Equal(Entry, reader.Open(sealedEntry));
    }

    [Fact]
    public void The_file_never_holds_the_secret_in_clear()
    {
        using var device = Device();
        using var cipher = CacheCipher.Create(device, KeyFor(device));
        var text = Encoding.Latin1.GetString(cipher.Seal(Entry));
        Assert.DoesNotContain(ProviderBodies.Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(ProviderBodies.Token, text, StringComparison.Ordinal);
        Assert.DoesNotContain("ASIAEXAMPLE", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TestKeyKind.Rsa2048)]
    [InlineData(TestKeyKind.EcP256)]
    public void An_entry_copied_to_another_device_does_not_open(TestKeyKind kind)
    {
        using var device = Device(kind);
        using var other = Device(kind);
        using var cipher = CacheCipher.Create(device, KeyFor(device));
        var sealedEntry = cipher.Seal(Entry);
        // Same cache key (as if the file were copied into place), different private key.
        using var foreign = CacheCipher.Create(other, KeyFor(device));
        Assert.Null(foreign.Open(sealedEntry));
    }

    [Fact]
    public void An_entry_moved_to_another_cache_key_does_not_open()
    {
        using var device = Device();
        using var cipher = CacheCipher.Create(device, KeyFor(device, "client1"));
        var sealedEntry = cipher.Seal(Entry);
        using var otherSlot = CacheCipher.Create(device, KeyFor(device, "client2"));
        Assert.Null(otherSlot.Open(sealedEntry));
    }

    [Fact]
    public void Every_flipped_byte_makes_the_entry_a_miss()
    {
        using var device = Device();
        using var cipher = CacheCipher.Create(device, KeyFor(device));
        var sealedEntry = cipher.Seal(Entry);
        for (var i = 0; i < sealedEntry.Length; i++)
        {
            var tampered = (byte[])sealedEntry.Clone();
            tampered[i] ^= 0x01;
            Assert.Null(cipher.Open(tampered));
        }
    }

    [Fact]
    public void Truncated_empty_garbage_and_other_versions_are_misses()
    {
        using var device = Device();
        using var cipher = CacheCipher.Create(device, KeyFor(device));
        var sealedEntry = cipher.Seal(Entry);
        for (var length = 0; length < sealedEntry.Length; length += 7)
        {
            Assert.Null(cipher.Open(sealedEntry.AsSpan(0, length)));
        }

        Assert.Null(cipher.Open("{\"accessKeyId\":\"A\"}"u8));
        var otherVersion = (byte[])sealedEntry.Clone();
        otherVersion[4] = 2;
        Assert.Equal(1, CacheCipher.ReadVersion(sealedEntry));
        Assert.Null(cipher.Open(otherVersion));
    }

    [Fact]
    public void Cache_keys_differ_for_every_field_and_name_files_safely()
    {
        var keys = new[]
        {
            new CacheKey("iot", "a:1", "alias", "thing", "cert"),
            new CacheKey("iot", "a:2", "alias", "thing", "cert"),
            new CacheKey("iot", "a:1", "alias2", "thing", "cert"),
            new CacheKey("iot", "a:1", "alias", null, "cert"),
            new CacheKey("iot", "a:1", "alias", "thing", "cert2"),
            new CacheKey("rolesanywhere", "a:1", "alias", "thing", "cert"),
        };
        Assert.Equal(keys.Length, keys.Select(k => k.Id).Distinct().Count());
        Assert.All(keys, k => Assert.Matches("^[0-9a-f]{64}$", k.Id));
    }
}
