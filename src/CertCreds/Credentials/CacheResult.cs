namespace CertCreds.Credentials;

/// <summary>Credentials handed out by <see cref="CredentialCache"/>, how they were obtained, and anything the user should hear.</summary>
public sealed record CacheResult(TemporaryCredentials Credentials, CacheOutcome Outcome, string? Warning);
