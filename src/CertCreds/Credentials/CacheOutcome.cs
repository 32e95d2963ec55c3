namespace CertCreds.Credentials;

/// <summary>Where handed-out credentials came from.</summary>
public enum CacheOutcome
{
    /// <summary>A fresh cache entry; no endpoint call.</summary>
    Hit,

    /// <summary>Fetched from the endpoint (and cached).</summary>
    Fetched,

    /// <summary>Another process refreshed the entry while this one waited for the lock.</summary>
    RefreshedByOther,

    /// <summary>The refresh failed transiently; the cached credentials still have enough life to stand in.</summary>
    Stale,
}
