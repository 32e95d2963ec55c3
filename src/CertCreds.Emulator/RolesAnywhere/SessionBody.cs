namespace CertCreds.Emulator.RolesAnywhere;

/// <summary>The fields of a CreateSession body that the checks use, and the first validation error found in it.</summary>
internal readonly record struct SessionBody(long? DurationSeconds, string? RoleSessionName, string? ProfileArn, string? RoleArn, string? TrustAnchorArn, string? Error);
