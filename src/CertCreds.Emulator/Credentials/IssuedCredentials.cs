namespace CertCreds.Emulator.Credentials;

/// <summary>Credentials about to be handed out. Holds secrets: ToString shows only the key ID.</summary>
public sealed record IssuedCredentials(string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset Expiration, string Source)
{
    public override string ToString() => $"IssuedCredentials {{ AccessKeyId = {AccessKeyId}, Expiration = {Expiration:O}, Source = {Source} }}";
}
