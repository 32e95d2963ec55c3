namespace CertCreds.Emulator.Decisions;

/// <summary>A request that passed every check: which role to assume, for how long, and on whose behalf.</summary>
public sealed record CredentialGrant(string CertificateId, string RoleAlias, string RoleArn, int DurationSeconds, string? ThingName);
