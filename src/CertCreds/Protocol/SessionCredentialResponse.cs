using System.Text.Json.Serialization;

namespace CertCreds.Protocol;

/// <summary>One entry of <c>credentialSet</c>: the credentials (same wire names as the IoT provider's) and the role they are for.</summary>
public sealed record SessionCredentialResponse(
    [property: JsonPropertyName("credentials")] ProviderCredentials? Credentials,
    [property: JsonPropertyName("roleArn")] string? RoleArn);
