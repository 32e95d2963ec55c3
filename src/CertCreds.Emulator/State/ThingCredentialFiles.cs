namespace CertCreds.Emulator.State;

/// <summary>Where a thing's certificate and key were written, and the certificate's AWS ID.</summary>
public sealed record ThingCredentialFiles(string ThingName, string CertificateId, string CertificatePath, string PrivateKeyPath);
