using System.Text.Json.Serialization;

namespace CertCreds.Emulator.Json;

/// <summary>One entry of CreateSession's <c>credentialSet</c>. Holds secrets through <see cref="Credentials"/>.</summary>
internal sealed record CredentialSetItem(
    [property: JsonPropertyName("assumedRoleUser")] AssumedRoleUser AssumedRoleUser,
    [property: JsonPropertyName("credentials")] SessionCredentials Credentials,
    [property: JsonPropertyName("packedPolicySize")] int PackedPolicySize,
    [property: JsonPropertyName("roleArn")] string RoleArn,
    [property: JsonPropertyName("sourceIdentity")] string SourceIdentity);
