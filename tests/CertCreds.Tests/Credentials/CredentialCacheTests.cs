using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertCreds.Credentials;
using CertCreds.Errors;
using CertCreds.Platform;
using CertCreds.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CertCreds.Tests.Credentials;

public sealed class CredentialCacheTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly TestIdentities pki = new();
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly X509Certificate2 device;
    private readonly CacheKey key;
    private readonly CacheStore store;
    private int fetches;

    public CredentialCacheTests()
    {
        var (certificate, rsa) = pki.Issue();
        device = certificate.CopyWithPrivateKey((RSA)rsa);
        key = new CacheKey("iot", "localhost:1", "alias", null, CertCreds.Certificates.DeviceIdentity.ComputeCertificateId(device));
        store = new CacheStore(Path.Combine(pki.Folder, "cache"));
    }

    public void Dispose()
    {
        device.Dispose();
        pki.Dispose();
    }

    private Task<TemporaryCredentials> Fetch(TimeSpan lifetime)
    {
        var n = Interlocked.Increment(ref fetches);
        return Task.FromResult(new TemporaryCredentials($"ASIAFETCH{n:D11}", "secret", "token", clock.GetUtcNow() + lifetime));
    }

    private async Task<CacheResult> GetAsync(Func<TimeSpan, CancellationToken, Task<TemporaryCredentials>> fetch, TimeProvider? time = null)
    {
        using var cipher = CacheCipher.Create(device, key);
        return await new CredentialCache(store, time ?? clock).GetAsync(key, cipher, fetch, Timeout, CancellationToken.None);
    }

    private Task<CacheResult> GetAsync(TimeSpan lifetime) => GetAsync((_, _) => Fetch(lifetime));

    [Fact]
    public async Task A_cold_cache_fetches_once_and_the_next_call_is_served_from_disk()
    {
        var first = await GetAsync(TimeSpan.FromHours(1));
        var second = await GetAsync(TimeSpan.FromHours(1));
        Assert.Equal(CacheOutcome.Fetched, first.Outcome);
        Assert.Equal(CacheOutcome.Hit, second.Outcome);
        Assert.Equal(first.Credentials, second.Credentials);
        Assert.Equal(1, fetches);
    }

    [Fact]
    public async Task Credentials_entering_the_refresh_window_are_replaced()
    {
        await GetAsync(TimeSpan.FromHours(1));
        clock.Advance(TimeSpan.FromMinutes(45));
        var result = await GetAsync(TimeSpan.FromHours(1));
        Assert.Equal(CacheOutcome.Fetched, result.Outcome);
        Assert.Equal(2, fetches);
    }

    [Fact]
    public async Task A_transient_failure_hands_out_the_cached_credentials_with_a_warning()
    {
        var cached = (await GetAsync(TimeSpan.FromHours(1))).Credentials;
        clock.Advance(TimeSpan.FromMinutes(46));
        var result = await GetAsync((_, _) => throw new TransientException("503 from the endpoint", "later"));
        Assert.Equal(CacheOutcome.Stale, result.Outcome);
        Assert.Equal(cached, result.Credentials);
        Assert.Contains("503 from the endpoint", result.Warning, StringComparison.Ordinal);
        Assert.Contains("14 more min", result.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transient_failure_without_usable_credentials_is_reported()
    {
        await GetAsync(TimeSpan.FromHours(1));
        clock.Advance(TimeSpan.FromMinutes(50));
        await Assert.ThrowsAsync<TransientException>(() => GetAsync((_, _) => throw new TransientException("503", "later")));
    }

    [Fact]
    public async Task A_permanent_failure_is_reported_even_with_usable_credentials_cached()
    {
        await GetAsync(TimeSpan.FromHours(1));
        clock.Advance(TimeSpan.FromMinutes(46));
        await Assert.ThrowsAsync<RejectedException>(() => GetAsync((_, _) => throw new RejectedException("403", "fix", 403, "Access Denied", null)));
    }

    [Fact]
    public async Task Entry_files_are_private_and_replaced_whole()
    {
        await GetAsync(TimeSpan.FromHours(1));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(store.Directory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.EntryPath(key.Id)));
        Assert.Empty(Directory.GetFiles(store.Directory, "*.tmp"));
    }

    [Fact]
    public async Task A_tampered_entry_is_a_miss_that_gets_refetched_not_an_error()
    {
        await GetAsync(TimeSpan.FromHours(1));
        var path = store.EntryPath(key.Id);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[^1] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes);
        var result = await GetAsync(TimeSpan.FromHours(1));
        Assert.Equal(CacheOutcome.Fetched, result.Outcome);
        Assert.Equal(2, fetches);
    }

    [Fact]
    public async Task Concurrent_cold_calls_fetch_exactly_once()
    {
        async Task<TemporaryCredentials> SlowFetch(TimeSpan remaining, CancellationToken token)
        {
            await Task.Delay(200, token);
            return await Fetch(TimeSpan.FromHours(1));
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => GetAsync(SlowFetch, TimeProvider.System))));
        Assert.Equal(1, fetches);
        Assert.Single(results.Select(r => r.Credentials).Distinct());
        Assert.Single(results, r => r.Outcome == CacheOutcome.Fetched);
    }

    [Fact]
    public async Task A_folder_that_cannot_be_written_only_warns()
    {
        var blocked = new CacheStore(Path.Combine(pki.Folder, "file-not-folder"));
        await File.WriteAllTextAsync(blocked.Directory, "I am a file");
        using var cipher = CacheCipher.Create(device, key);
        var cache = new CredentialCache(blocked, clock);
        var result = await cache.GetAsync(key, cipher, (_, _) => Fetch(TimeSpan.FromHours(1)), Timeout, CancellationToken.None);
        Assert.Equal(CacheOutcome.Fetched, result.Outcome);
        Assert.Contains("cannot be used", result.Warning, StringComparison.Ordinal);
        Assert.Equal(1, fetches);
    }
}
