using CertCreds.Credentials;
using CertCreds.Errors;
using CertCreds.Serving;

namespace CertCreds.Tests.Serving;

public sealed class CredentialRefresherTests
{
    private readonly TimerRecordingClock clock = new(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero));
    private readonly ServeState state = new();
    private readonly List<string> log = [];
    private int calls;
    private bool failing;
    private TimeSpan? retryAfter;

    private Task<TemporaryCredentials> FetchAsync(CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref calls);
        if (Volatile.Read(ref failing))
        {
            throw retryAfter is { } wait
                ? new TransientException("the endpoint answered 429", "slow down", 429) { RetryAfter = wait }
                : new TransientException("the endpoint answered 503", "try later", 503);
        }

        return Task.FromResult(new TemporaryCredentials($"ASIA{number}", "secret", "token", clock.GetUtcNow().AddHours(1)));
    }

    private CredentialRefresher Refresher() => new(FetchAsync, state, clock, () => 0.5, message =>
    {
        lock (log)
        {
            log.Add(message);
        }
    });

    /// <summary>
    /// Moves fake time forward by <paramref name="total"/>, stopping at each timer the loop arms so it fires at
    /// its exact due time; after each stop, waits until the loop has handled it and armed the next one. No real
    /// time passes and no refresh is skipped.
    /// </summary>
    private async Task AdvanceAsync(TimeSpan total)
    {
        var end = clock.GetUtcNow() + total;
        await clock.WaitUntilIdleAsync();
        while (clock.GetUtcNow() < end)
        {
            var due = clock.NewestDue;
            clock.Advance((due < end ? due : end) - clock.GetUtcNow());
            await clock.WaitUntilIdleAsync();
        }
    }

    [Fact]
    public async Task One_hour_credentials_are_replaced_forty_minutes_in_by_a_single_call()
    {
        var refresher = Refresher();
        await refresher.FetchOnceAsync(CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var loop = refresher.RunAsync(stop.Token);
        await AdvanceAsync(TimeSpan.FromMinutes(39));
        Assert.Equal("ASIA1", state.Current!.Credentials.AccessKeyId);
        await AdvanceAsync(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(5));
        Assert.Equal("ASIA2", state.Current!.Credentials.AccessKeyId);
        Assert.Equal(2, calls);
        await stop.CancelAsync();
        await loop;
    }

    [Fact]
    public async Task Failed_refreshes_keep_the_old_credentials_back_off_and_recover()
    {
        var refresher = Refresher();
        await refresher.FetchOnceAsync(CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var loop = refresher.RunAsync(stop.Token);
        Volatile.Write(ref failing, true);
        await AdvanceAsync(TimeSpan.FromMinutes(41));
        Assert.Equal("ASIA1", state.Current!.Credentials.AccessKeyId);
        Assert.Equal("the endpoint answered 503", state.LastFailure);
        Assert.InRange(calls, 3, 12);
        lock (log)
        {
            Assert.Contains("still serving the current credentials", log[0], StringComparison.Ordinal);
        }

        Volatile.Write(ref failing, false);
        await AdvanceAsync(TimeSpan.FromMinutes(2));
        Assert.NotEqual("ASIA1", state.Current!.Credentials.AccessKeyId);
        Assert.Null(state.LastFailure);
        Assert.Equal(0, refresher.Failures);
        await stop.CancelAsync();
        await loop;
    }

    [Fact]
    public async Task After_a_throttled_refresh_the_next_attempt_waits_for_the_providers_retry_after()
    {
        var refresher = Refresher();
        await refresher.FetchOnceAsync(CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var loop = refresher.RunAsync(stop.Token);
        retryAfter = TimeSpan.FromSeconds(90);
        Volatile.Write(ref failing, true);

        // Due 40 minutes in; a failure would otherwise be retried within 0.5 s (first retry, jitter 0.5).
        await AdvanceAsync(TimeSpan.FromMinutes(40) + TimeSpan.FromSeconds(1));
        Assert.Equal(1, calls - 1);
        await AdvanceAsync(TimeSpan.FromSeconds(85));
        Assert.Equal(1, calls - 1);
        await AdvanceAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, calls - 1);
        await stop.CancelAsync();
        await loop;
    }

    [Fact]
    public async Task The_start_fetch_is_used_once_at_start_and_the_background_fetch_for_every_refresh()
    {
        var starts = 0;
        var refresher = new CredentialRefresher(FetchAsync, state, clock, () => 0.5, _ => { })
        {
            StartFetch = token =>
            {
                starts++;
                return FetchAsync(token);
            },
        };
        await refresher.FetchOnceAsync(CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var loop = refresher.RunAsync(stop.Token);
        await AdvanceAsync(TimeSpan.FromMinutes(41));
        Assert.Equal(1, starts);
        Assert.Equal(2, calls);
        await stop.CancelAsync();
        await loop;
    }
}
