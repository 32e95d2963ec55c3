namespace CertCreds.Emulator.State;

/// <summary>
/// A Roles Anywhere device written by the state directory: the leaf certificate alone, its key, and the
/// intermediate CA in its own file (what <c>--intermediates</c> takes). <see cref="SerialNumber"/> is lower-case hex.
/// </summary>
public sealed record RolesAnywhereDeviceFiles(string Name, string SerialNumber, string CertificatePath, string PrivateKeyPath, string IntermediatesPath);
