namespace CertCreds.Credentials;

/// <summary>Credentials as kept in the cache, with the time they were obtained (so their full lifetime is known).</summary>
public sealed record CachedCredentials(TemporaryCredentials Credentials, DateTimeOffset IssuedAt)
{
    /// <summary>How long these credentials were valid for when issued: the role alias's duration.</summary>
    public TimeSpan Lifetime => Credentials.Expiration - IssuedAt;
}
