namespace CertCreds.Credentials;

/// <summary>Credentials handed out by <see cref="CredentialCache"/>, how they were obtained, and anything the user should hear.</summary>
public sealed record CacheResult(TemporaryCredentials Credentials, CacheOutcome Outcome, string? Warning)
{
    /// <summary>
    /// The entry as cached, with the time it was issued (so its hand-out time is known): set for a hit, a fetch and
    /// a refresh by another process; null for stale credentials, which must not be cached any further.
    /// </summary>
    public CachedCredentials? Entry { get; init; }
}
