using CertCreds.Certificates;

namespace CertCreds.Sources;

/// <summary>Everything needed to get credentials once, validated: who asks, from which source, trusting what, by when.</summary>
/// <param name="Identity">The device certificate and key as the user named them.</param>
/// <param name="Source">The one service asked, with its own settings.</param>
/// <param name="CaCertPath">Trust anchors for the source's endpoint; null: the embedded Amazon roots.</param>
/// <param name="Timeout">Deadline for the whole call, local work and retries included.</param>
public sealed record CredentialSettings(IdentityOptions Identity, ICredentialSource Source, string? CaCertPath, TimeSpan Timeout);
