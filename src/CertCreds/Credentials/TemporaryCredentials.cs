namespace CertCreds.Credentials;

/// <summary>
/// A set of temporary AWS credentials. Immutable; <see cref="ToString"/> never shows the secret or the token.
/// </summary>
public sealed record TemporaryCredentials(string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset Expiration)
{
    /// <summary>Time left until expiry, as seen by <paramref name="now"/>.</summary>
    public TimeSpan Remaining(DateTimeOffset now) => Expiration - now;

    public override string ToString() =>
        $"TemporaryCredentials {{ AccessKeyId = {AccessKeyId}, SecretAccessKey = ***, SessionToken = ***, Expiration = {Expiration:O} }}";
}
