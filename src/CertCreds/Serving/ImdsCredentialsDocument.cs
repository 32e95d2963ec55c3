using System.Text.Json.Serialization;

namespace CertCreds.Serving;

/// <summary>The IMDS role credentials answer; the Go SDK requires <c>Code</c> to be <c>Success</c>.</summary>
public sealed record ImdsCredentialsDocument(
    [property: JsonPropertyName("Code")] string Code,
    [property: JsonPropertyName("LastUpdated")] string LastUpdated,
    [property: JsonPropertyName("Type")] string Type,
    [property: JsonPropertyName("AccessKeyId")] string AccessKeyId,
    [property: JsonPropertyName("SecretAccessKey")] string SecretAccessKey,
    [property: JsonPropertyName("Token")] string Token,
    [property: JsonPropertyName("Expiration")] string Expiration)
{
    public override string ToString() => $"ImdsCredentialsDocument {{ AccessKeyId = {AccessKeyId}, Expiration = {Expiration} }}";
}
