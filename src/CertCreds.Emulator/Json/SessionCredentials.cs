using System.Text.Json.Serialization;

namespace CertCreds.Emulator.Json;

/// <summary>CreateSession's <c>credentials</c> object, keys in the order AWS documents them. Holds secrets.</summary>
internal sealed record SessionCredentials(
    [property: JsonPropertyName("accessKeyId")] string AccessKeyId,
    [property: JsonPropertyName("expiration")] string Expiration,
    [property: JsonPropertyName("secretAccessKey")] string SecretAccessKey,
    [property: JsonPropertyName("sessionToken")] string SessionToken)
{
    public override string ToString() => $"SessionCredentials {{ AccessKeyId = {AccessKeyId}, Expiration = {Expiration} }}";
}
