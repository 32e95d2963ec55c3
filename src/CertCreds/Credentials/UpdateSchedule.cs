namespace CertCreds.Credentials;

/// <summary>
/// When <c>certcreds update</c> fetches again. Written credentials are refreshed 20 minutes before they expire,
/// so they always have more than the AWS clients' 15-minute refresh window left when clients read them; short-lived
/// credentials (a 900-second alias) are refreshed at half their remaining life. Transient failures are retried with
/// backoff from 5 s doubling to 5 min, never later than the refresh would have been. Pure.
/// </summary>
public static class UpdateSchedule
{
    public static readonly TimeSpan Lead = TimeSpan.FromMinutes(20);
    public static readonly TimeSpan Minimum = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MaxRetry = TimeSpan.FromMinutes(5);

    public static TimeSpan NextRefresh(DateTimeOffset expiration, DateTimeOffset now)
    {
        var remaining = expiration - now;
        var wait = remaining > Lead * 2 ? remaining - Lead : remaining / 2;
        return wait < Minimum ? Minimum : wait;
    }

    /// <param name="failures">Consecutive transient failures so far (1 after the first).</param>
    public static TimeSpan RetryDelay(int failures)
    {
        var delay = FirstRetry * Math.Pow(2, Math.Clamp(failures - 1, 0, 16));
        return delay > MaxRetry ? MaxRetry : delay;
    }
}
