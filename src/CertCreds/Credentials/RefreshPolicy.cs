namespace CertCreds.Credentials;

/// <summary>
/// When cached credentials may be handed out, stated once and tested directly.
/// <para>
/// Two pressures: botocore (AWS CLI) and the .NET SDK treat credentials with under 15 minutes left as due for
/// refresh and run <c>credential_process</c> again on every API call, and botocore fails outright if a refresh
/// still returns credentials with under 10 minutes left. So:
/// </para>
/// <list type="bullet">
/// <item>Long-lived credentials (the alias gives more than 15 + 1 + 5 minutes) are handed out while more than
/// 16 minutes remain (the advisory window plus a minute's margin, so a command that starts with them does not
/// enter the window mid-way). Then clients do not run us again until they need to, and a 1-hour alias costs one
/// endpoint call per 44 minutes.</item>
/// <item>Short-lived credentials (e.g. 900-second aliases) are born inside the advisory window: clients run us
/// on every call whatever we do, so the cache's job is to keep those calls off the endpoint. They are handed out
/// while more than 11 minutes remain (botocore's 10-minute mandatory window plus the margin): a 15-minute alias
/// costs one endpoint call per 4 minutes instead of one per AWS API call.</item>
/// <item>Nothing with 11 minutes or less left is ever handed out, not even when a refresh fails: botocore would
/// reject it.</item>
/// </list>
/// </summary>
public static class RefreshPolicy
{
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(1);

    /// <summary>The least time a refresh must buy before the advisory threshold is worth using.</summary>
    public static readonly TimeSpan MinimumUsefulLife = TimeSpan.FromMinutes(5);

    /// <summary>Credentials with this much time left or less are never handed out.</summary>
    public static readonly TimeSpan Floor = RefreshWindow.Mandatory + Margin;

    private static readonly TimeSpan AdvisoryThreshold = RefreshWindow.Advisory + Margin;

    /// <summary>Remaining time at or below which credentials of this lifetime are refreshed.</summary>
    public static TimeSpan RefreshThreshold(TimeSpan lifetime) =>
        lifetime - AdvisoryThreshold >= MinimumUsefulLife ? AdvisoryThreshold : Floor;

    /// <summary>True when cached credentials can be handed out without asking the endpoint.</summary>
    public static bool IsFresh(CachedCredentials cached, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cached);
        return cached.Credentials.Remaining(now) > RefreshThreshold(cached.Lifetime);
    }

    /// <summary>True when cached credentials may still stand in after a refresh failed with a transient error.</summary>
    public static bool IsUsableAfterFailure(CachedCredentials cached, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cached);
        return cached.Credentials.Remaining(now) > Floor;
    }
}
