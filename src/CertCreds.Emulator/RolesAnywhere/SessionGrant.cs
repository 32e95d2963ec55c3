namespace CertCreds.Emulator.RolesAnywhere;

/// <summary>A CreateSession request that passed every check: which role, for how long, under which session name.</summary>
public sealed record SessionGrant(
    string SerialHex,
    string Subject,
    string TrustAnchorArn,
    string ProfileArn,
    string RoleArn,
    int DurationSeconds,
    string RoleSessionName);
