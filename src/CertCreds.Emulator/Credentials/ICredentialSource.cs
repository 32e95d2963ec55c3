using CertCreds.Emulator.Decisions;

namespace CertCreds.Emulator.Credentials;

/// <summary>Where granted credentials come from: minted locally, or from an STS-compatible endpoint.</summary>
internal interface ICredentialSource
{
    /// <summary>Null when the role could not be assumed; the reason has been logged.</summary>
    Task<IssuedCredentials?> IssueAsync(CredentialGrant grant, DateTimeOffset now, CancellationToken cancellationToken);
}
