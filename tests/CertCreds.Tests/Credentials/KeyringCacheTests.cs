using System.Security.Cryptography;
using System.Text;
using CertCreds.Credentials;
using CertCreds.Platform;
using CertCreds.Testing.Emulator;

namespace CertCreds.Tests.Credentials;

/// <summary>
/// The keyring warm cache against the real kernel keyring of the user running the tests (each test uses its own
/// random fingerprint and invalidates what it stored), and against an injected keyring for the failure paths.
/// </summary>
public sealed class KeyringCacheTests
{
    private static readonly byte[] Document = Encoding.UTF8.GetBytes("""{"Version":1,"AccessKeyId":"ASIAEXAMPLE","SecretAccessKey":"s","SessionToken":"t","Expiration":"2026-12-03T19:00:00Z"}""");

    private static string NewFingerprint() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void A_stored_document_is_read_back_byte_for_byte()
    {
        var keyring = new KernelKeyring();
        var cache = new KeyringCache(keyring, TimeProvider.System);
        var fingerprint = NewFingerprint();
        try
        {
            Assert.Equal(0, cache.Store(fingerprint, Document, DateTimeOffset.UtcNow.AddMinutes(5)));
            var hit = Assert.IsType<KeyringLookup.Hit>(cache.Read(fingerprint));
            Assert.Equal(Document, hit.Document);
        }
        finally
        {
            Remove(keyring, fingerprint);
        }
    }

    [Fact]
    public void An_unknown_fingerprint_is_a_miss()
    {
        Assert.IsType<KeyringLookup.Miss>(new KeyringCache(new KernelKeyring(), TimeProvider.System).Read(NewFingerprint()));
    }

    [Fact]
    public void A_stored_entry_is_readable_by_possessor_and_user_only_and_not_linkable()
    {
        var keyring = new KernelKeyring();
        var cache = new KeyringCache(keyring, TimeProvider.System);
        var fingerprint = NewFingerprint();
        try
        {
            Assert.Equal(0, cache.Store(fingerprint, Document, DateTimeOffset.UtcNow.AddMinutes(5)));
            Assert.Equal(0, keyring.Search(KeyringCache.Description(fingerprint), out var serial));
            Assert.Equal(0, keyring.Describe(serial, out var description));
            var fields = description.Split(';');
            Assert.Equal("user", fields[0]);
            Assert.Equal(NativeFile.EffectiveUserId.ToString(System.Globalization.CultureInfo.InvariantCulture), fields[1]);
            Assert.Equal("2f2f0000", fields[3]);
            Assert.Equal(KeyringCache.Description(fingerprint), fields[4]);
        }
        finally
        {
            Remove(keyring, fingerprint);
        }
    }

    [Fact]
    public async Task The_kernel_expires_an_entry_at_its_hand_out_time()
    {
        var keyring = new KernelKeyring();
        var cache = new KeyringCache(keyring, TimeProvider.System);
        var fingerprint = NewFingerprint();
        try
        {
            Assert.Equal(0, cache.Store(fingerprint, Document, DateTimeOffset.UtcNow.AddSeconds(1.9)));
            Assert.IsType<KeyringLookup.Hit>(cache.Read(fingerprint));
            await Task.Delay(TimeSpan.FromSeconds(2.5));

            // Gone from the kernel, not just refused by the payload check: the search itself finds nothing usable.
            AssertGone(keyring, fingerprint);
            Assert.IsType<KeyringLookup.Miss>(cache.Read(fingerprint));
        }
        finally
        {
            Remove(keyring, fingerprint);
        }
    }

    [Fact]
    public void An_entry_past_its_hand_out_time_is_a_miss_even_while_the_kernel_still_keeps_it()
    {
        var keyring = new KernelKeyring();
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var cache = new KeyringCache(keyring, clock);
        var fingerprint = NewFingerprint();
        try
        {
            Assert.Equal(0, cache.Store(fingerprint, Document, clock.GetUtcNow().AddMinutes(10)));
            clock.Advance(TimeSpan.FromMinutes(9.9));
            Assert.IsType<KeyringLookup.Hit>(cache.Read(fingerprint));
            clock.Advance(TimeSpan.FromMinutes(0.2));
            Assert.IsType<KeyringLookup.Miss>(cache.Read(fingerprint));
        }
        finally
        {
            Remove(keyring, fingerprint);
        }
    }

    [Fact]
    public void A_hand_out_time_under_a_second_away_stores_nothing()
    {
        var keyring = new KernelKeyring();
        var cache = new KeyringCache(keyring, TimeProvider.System);
        var fingerprint = NewFingerprint();
        Assert.Equal(0, cache.Store(fingerprint, Document, DateTimeOffset.UtcNow.AddMilliseconds(500)));
        Assert.Equal(KernelKeyring.NoKey, keyring.Search(KeyringCache.Description(fingerprint), out _));
    }

    [Theory]
    [InlineData("flip-document")]
    [InlineData("flip-time")]
    [InlineData("truncate")]
    [InlineData("garbage")]
    [InlineData("other-fingerprint")]
    public void A_damaged_entry_is_a_miss_and_is_removed(string damage)
    {
        var keyring = new KernelKeyring();
        var fingerprint = NewFingerprint();
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var recorder = new RecordingKeyring(keyring);
        var cache = new KeyringCache(recorder, clock);
        try
        {
            Assert.Equal(0, cache.Store(fingerprint, Document, clock.GetUtcNow().AddMinutes(5)));
            var payload = recorder.LastPayload!;
            var text = Encoding.ASCII.GetString(payload);
            var damaged = damage switch
            {
                "flip-document" => Flip(payload, payload.Length - 3),
                "flip-time" => Flip(payload, text.IndexOf('\n', text.IndexOf('\n') + 1) + 3),
                "truncate" => payload[..(payload.Length - 10)],
                "garbage" => RandomNumberGenerator.GetBytes(200),
                _ => Encoding.ASCII.GetBytes(text.Replace(fingerprint, NewFingerprint(), StringComparison.Ordinal)),
            };
            Assert.Equal(0, keyring.Add(KeyringCache.Description(fingerprint), damaged, out _));

            Assert.IsType<KeyringLookup.Miss>(cache.Read(fingerprint));
            AssertGone(keyring, fingerprint);
        }
        finally
        {
            Remove(keyring, fingerprint);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(KernelKeyring.NotImplemented)]
    public void A_blocked_keyctl_makes_the_cache_unavailable_without_failing(int errno)
    {
        var cache = new KeyringCache(new FailingKeyring(errno), TimeProvider.System);
        Assert.Equal(new KeyringLookup.Unavailable(errno), cache.Read(NewFingerprint()));
        Assert.Equal(errno, cache.Store(NewFingerprint(), Document, DateTimeOffset.UtcNow.AddMinutes(5)));
    }

    [Fact]
    public void An_entry_whose_expiry_cannot_be_set_is_removed_again()
    {
        var keyring = new KernelKeyring();
        var fingerprint = NewFingerprint();
        var cache = new KeyringCache(new RecordingKeyring(keyring) { FailTimeoutWith = 1 }, TimeProvider.System);
        try
        {
            Assert.Equal(1, cache.Store(fingerprint, Document, DateTimeOffset.UtcNow.AddMinutes(5)));
            AssertGone(keyring, fingerprint);
        }
        finally
        {
            Remove(keyring, fingerprint);
        }
    }

    [Fact]
    public void The_hand_out_time_is_the_refresh_policys_refresh_point()
    {
        var issued = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
        var hour = new CachedCredentials(new TemporaryCredentials("ASIA", "s", "t", issued.AddHours(1)), issued);
        Assert.Equal(issued.AddMinutes(44), KeyringCache.HandOutUntil(hour));
        Assert.True(RefreshPolicy.IsFresh(hour, KeyringCache.HandOutUntil(hour).AddSeconds(-1)));
        Assert.False(RefreshPolicy.IsFresh(hour, KeyringCache.HandOutUntil(hour)));
    }

    [Fact]
    public void A_hit_reveals_no_secret_in_its_text()
    {
        Assert.DoesNotContain("ASIAEXAMPLE", new KeyringLookup.Hit(Document).ToString(), StringComparison.Ordinal);
    }

    /// <summary>Until the kernel's key collector runs, an invalidated key is still found, as revoked (or expired).</summary>
    private static void AssertGone(KernelKeyring keyring, string fingerprint) =>
        Assert.Contains(keyring.Search(KeyringCache.Description(fingerprint), out _), new[] { KernelKeyring.NoKey, KernelKeyring.KeyExpired, KernelKeyring.KeyRevoked });

    private static byte[] Flip(byte[] payload, int index)
    {
        var copy = (byte[])payload.Clone();
        copy[index] ^= 0x01;
        return copy;
    }

    private static void Remove(KernelKeyring keyring, string fingerprint)
    {
        if (keyring.Search(KeyringCache.Description(fingerprint), out var serial) == 0)
        {
            keyring.Invalidate(serial);
        }
    }

    private sealed class FailingKeyring(int errno) : IKernelKeyring
    {
        public int Search(string description, out int serial) => Fail(out serial);

        public int Read(int serial, Span<byte> buffer, out int length) => Fail(out length);

        public int Add(string description, ReadOnlySpan<byte> payload, out int serial) => Fail(out serial);

        public int SetPermissions(int serial, uint permissions) => errno;

        public int SetTimeout(int serial, uint seconds) => errno;

        public int Invalidate(int serial) => errno;

        public int Describe(int serial, out string description)
        {
            description = string.Empty;
            return errno;
        }

        public KeyringQuota? Quota() => null;

        private int Fail(out int value)
        {
            value = 0;
            return errno;
        }
    }

    private sealed class RecordingKeyring(IKernelKeyring inner) : IKernelKeyring
    {
        public byte[]? LastPayload { get; private set; }

        public int FailTimeoutWith { get; init; }

        public int Search(string description, out int serial) => inner.Search(description, out serial);

        public int Read(int serial, Span<byte> buffer, out int length) => inner.Read(serial, buffer, out length);

        public int Add(string description, ReadOnlySpan<byte> payload, out int serial)
        {
            LastPayload = payload.ToArray();
            return inner.Add(description, payload, out serial);
        }

        public int SetPermissions(int serial, uint permissions) => inner.SetPermissions(serial, permissions);

        public int SetTimeout(int serial, uint seconds) => FailTimeoutWith != 0 ? FailTimeoutWith : inner.SetTimeout(serial, seconds);

        public int Invalidate(int serial) => inner.Invalidate(serial);

        public int Describe(int serial, out string description) => inner.Describe(serial, out description);

        public KeyringQuota? Quota() => inner.Quota();
    }
}
