using System.Text.Json.Serialization;

namespace CertCreds.Credentials;

/// <summary>The plaintext of a cache file (encrypted on disk).</summary>
internal sealed record CacheEntryDocument(
    [property: JsonPropertyName("accessKeyId")] string AccessKeyId,
    [property: JsonPropertyName("secretAccessKey")] string SecretAccessKey,
    [property: JsonPropertyName("sessionToken")] string SessionToken,
    [property: JsonPropertyName("expiration")] DateTimeOffset Expiration,
    [property: JsonPropertyName("issuedAt")] DateTimeOffset IssuedAt)
{
    public override string ToString() => $"CacheEntryDocument {{ AccessKeyId = {AccessKeyId}, Expiration = {Expiration:O} }}";
}
