namespace CertCreds.Providers;

/// <summary>
/// When to try again after a transient failure: exponential backoff with full jitter (base 250 ms, cap 4 s),
/// a server's Retry-After honoured, and never a wait that would end past the deadline.
/// Written here rather than taken from Polly because it must know the single deadline of the whole call
/// and hand back the last failure for the error message; the decision is one pure function.
/// </summary>
public static class BackoffPolicy
{
    public static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(4);
    public const int MaxAttempts = 6;

    /// <summary>Time to wait before attempt <paramref name="failedAttempts"/> + 1, or null to give up.</summary>
    /// <param name="failedAttempts">How many attempts have failed so far (1 after the first failure).</param>
    /// <param name="retryAfter">The server's Retry-After, if any.</param>
    /// <param name="remaining">Time left before the deadline.</param>
    /// <param name="jitter">A uniformly random number in [0, 1).</param>
    public static TimeSpan? NextDelay(int failedAttempts, TimeSpan? retryAfter, TimeSpan remaining, double jitter)
    {
        if (failedAttempts >= MaxAttempts)
        {
            return null;
        }

        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, failedAttempts - 1));
        var delay = TimeSpan.FromMilliseconds(ceiling * Math.Clamp(jitter, 0, 1));
        if (retryAfter is { } serverDelay && serverDelay > delay)
        {
            delay = serverDelay;
        }

        // Leave room for the next attempt itself: a wait that ends at the deadline is a wasted wait.
        return delay + TimeSpan.FromMilliseconds(100) < remaining ? delay : null;
    }
}
