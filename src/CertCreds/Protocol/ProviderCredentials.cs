using System.Text.Json.Serialization;

namespace CertCreds.Protocol;

/// <summary>The <c>credentials</c> object of a successful answer, with AWS's exact wire names.</summary>
public sealed record ProviderCredentials(
    [property: JsonPropertyName("accessKeyId")] string? AccessKeyId,
    [property: JsonPropertyName("secretAccessKey")] string? SecretAccessKey,
    [property: JsonPropertyName("sessionToken")] string? SessionToken,
    [property: JsonPropertyName("expiration")] string? Expiration)
{
    // Records print every member by default; this one holds a secret.
    public override string ToString() => $"ProviderCredentials {{ AccessKeyId = {AccessKeyId}, Expiration = {Expiration} }}";
}
