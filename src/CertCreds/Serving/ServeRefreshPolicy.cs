using CertCreds.Credentials;

namespace CertCreds.Serving;

/// <summary>
/// When <c>serve</c> refreshes and what it may hand out; pure functions of the credentials and the time.
/// <list type="bullet">
/// <item>Refresh ahead by min(max(15 min, lifetime / 3), lifetime / 2): one-hour credentials are replaced with 20
/// minutes left, so clients (which refresh below 15 min) always get a fresh set in time; 12-hour credentials
/// with 4 hours left; 900-second aliases half way, every 7.5 min, instead of continuously. Short test
/// lifetimes still leave <see cref="RefreshSlack"/> between the start of a refresh and the end of serving, so a
/// refresh that takes a moment never opens a gap of 503s.</item>
/// <item>Never hand out credentials with <see cref="ExpiryMargin"/> or less left: a client signs with them a moment
/// later, and our clock and the issuer's may differ a little. Past that point the answer is 503.</item>
/// <item>After a failed refresh, retry with exponential backoff and full jitter from 1 s, capped at lifetime / 20
/// (at least 1 s, at most 240 s), so even short-lived credentials get several attempts before they expire. The
/// 240-second cap and the full jitter are for fleets: bench/fleet/results.md shows 10,000 devices polling a failed
/// provider with a 60-second cap and half jitter come back at 11x a 100/s quota; with this policy the
/// fleet polls at under the quota and every device is served within minutes of the provider's return.</item>
/// </list>
/// </summary>
public static class ServeRefreshPolicy
{
    public static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan RefreshSlack = TimeSpan.FromSeconds(5);

    /// <summary>Never refresh more often than this after a success, whatever the lifetime: the upstream is not hammered.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(240);

    /// <summary>How long before expiry a refresh starts.</summary>
    public static TimeSpan RefreshAhead(TimeSpan lifetime)
    {
        if (lifetime <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var ahead = Min(Max(RefreshWindow.Advisory, lifetime / 3), lifetime / 2);
        return Min(lifetime, Max(ahead, ExpiryMargin + RefreshSlack));
    }

    /// <summary>When the refresh of <paramref name="served"/> is due.</summary>
    public static DateTimeOffset RefreshAt(ServedCredentials served)
    {
        ArgumentNullException.ThrowIfNull(served);
        return served.Credentials.Expiration - RefreshAhead(served.Lifetime);
    }

    /// <summary>True while <paramref name="credentials"/> may be handed out at <paramref name="now"/>.</summary>
    public static bool IsServable(TemporaryCredentials credentials, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return credentials.Remaining(now) > ExpiryMargin;
    }

    /// <summary>The wait before the next attempt after <paramref name="failures"/> failed refreshes in a row.</summary>
    /// <param name="lifetime">Lifetime of the last good credentials, or null when there never were any.</param>
    /// <param name="jitter">A uniformly random number in [0, 1); the wait is that share of the ceiling (full jitter), so
    /// devices that failed together do not retry together.</param>
    public static TimeSpan RetryDelay(int failures, TimeSpan? lifetime, double jitter)
    {
        var cap = lifetime is { } life ? Min(MaxRetryDelay, Max(FirstRetryDelay, life / 20)) : MaxRetryDelay;
        var exponent = Math.Min(Math.Max(failures, 1) - 1, 16);
        var ceiling = Min(cap, FirstRetryDelay * Math.Pow(2, exponent));
        return ceiling * Math.Clamp(jitter, 0, 1);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
