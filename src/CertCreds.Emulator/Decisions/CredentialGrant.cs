namespace CertCreds.Emulator.Decisions;

/// <summary>
/// A request that passed every check: which role to assume, for how long, and on whose behalf. The STS session name
/// is <see cref="RoleSessionName"/> when given (Roles Anywhere), else the certificate ID (the IoT provider's).
/// </summary>
public sealed record CredentialGrant(string CertificateId, string RoleAlias, string RoleArn, int DurationSeconds, string? ThingName, string? RoleSessionName = null);
