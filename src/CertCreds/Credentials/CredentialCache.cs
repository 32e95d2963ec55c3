using CertCreds.Errors;
using CertCreds.Platform;

namespace CertCreds.Credentials;

/// <summary>
/// The cross-process credential cache with single flight: however many processes start at once with a cold
/// cache, one calls the endpoint and the others wait for its result.
/// <para>
/// Rules: a fresh entry (<see cref="RefreshPolicy.IsFresh"/>) is read without any lock. Otherwise the process
/// takes the entry's lock (waiting at most until the deadline), reads the entry again — someone may have just
/// refreshed it — and only then fetches, writes the new entry atomically and releases the lock. A transient
/// fetch failure falls back to the old entry while <see cref="RefreshPolicy.IsUsableAfterFailure"/> holds, with
/// a warning; a permanent failure (400/403/404, identity, trust) is always reported. An unusable cache folder or a
/// failed cache write never fails the call: it costs an endpoint call and a warning.
/// </para>
/// </summary>
public sealed class CredentialCache(CacheStore store, TimeProvider clock)
{
    public async Task<CacheResult> GetAsync(
        CacheKey key,
        CacheCipher cipher,
        Func<TimeSpan, CancellationToken, Task<TemporaryCredentials>> fetch,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(cipher);
        ArgumentNullException.ThrowIfNull(fetch);
        var id = key.Id;
        var cached = Read(id, cipher);
        if (cached is not null && RefreshPolicy.IsFresh(cached, clock.GetUtcNow()))
        {
            return new CacheResult(cached.Credentials, CacheOutcome.Hit, null) { Entry = cached };
        }

        var started = clock.GetTimestamp();
        using var deadline = new CancellationTokenSource(timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        IDisposable held;
        try
        {
            held = await store.LockAsync(id, clock, linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unusable cache folder (read-only home, a file in the way) must not stop credentials flowing.
            var direct = await fetch(timeout - clock.GetElapsedTime(started), cancellationToken).ConfigureAwait(false);
            return new CacheResult(direct, CacheOutcome.Fetched, $"the credential cache in {store.Directory} cannot be used ({FileFault.Describe(e, e is UnauthorizedAccessException ? null : store.Directory)}); every call will ask the endpoint — fix the folder or pass --no-cache")
            {
                Entry = new CachedCredentials(direct, clock.GetUtcNow()),
            };
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var waited = new TransientException(
                "another certcreds process has been refreshing these credentials for longer than the deadline",
                "the endpoint may be slow or unreachable; try again, or raise --timeout");
            return StaleOr(cached, waited);
        }

        using (held)
        {
            var current = Read(id, cipher);
            if (current is not null && RefreshPolicy.IsFresh(current, clock.GetUtcNow()))
            {
                return new CacheResult(current.Credentials, current.Equals(cached) ? CacheOutcome.Hit : CacheOutcome.RefreshedByOther, null) { Entry = current };
            }

            cached = current ?? cached;
            TemporaryCredentials fresh;
            try
            {
                var remaining = timeout - clock.GetElapsedTime(started);
                if (remaining <= TimeSpan.Zero)
                {
                    throw new TransientException("the deadline passed while waiting for another certcreds process", "try again, or raise --timeout");
                }

                fresh = await fetch(remaining, cancellationToken).ConfigureAwait(false);
            }
            catch (TransientException e)
            {
                return StaleOr(cached, e);
            }

            var entry = new CachedCredentials(fresh, clock.GetUtcNow());
            string? warning = null;
            try
            {
                store.Write(id, cipher.Seal(entry));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                warning = $"could not write the credential cache in {store.Directory} ({FileFault.Describe(e, e is UnauthorizedAccessException ? null : store.Directory)}); every call will ask the endpoint — fix the folder's permissions or pass --no-cache";
            }

            return new CacheResult(fresh, CacheOutcome.Fetched, warning) { Entry = entry };
        }
    }

    private CacheResult StaleOr(CachedCredentials? cached, TransientException failure)
    {
        var now = clock.GetUtcNow();
        if (cached is not null && RefreshPolicy.IsUsableAfterFailure(cached, now))
        {
            var minutes = (int)cached.Credentials.Remaining(now).TotalMinutes;
            return new CacheResult(
                cached.Credentials,
                CacheOutcome.Stale,
                $"refreshing credentials failed ({failure.Message}); handing out the cached ones, valid for {minutes} more min");
        }

        throw failure;
    }

    private CachedCredentials? Read(string id, CacheCipher cipher)
    {
        var bytes = store.TryRead(id);
        return bytes is null ? null : cipher.Open(bytes);
    }
}
