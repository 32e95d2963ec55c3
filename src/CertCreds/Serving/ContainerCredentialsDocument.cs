using System.Text.Json.Serialization;

namespace CertCreds.Serving;

/// <summary>
/// The container credentials answer: <c>Token</c> and <c>Expiration</c> (UTC, literal Z: the JS SDK rejects
/// <c>+00:00</c>) are required by every SDK.
/// </summary>
public sealed record ContainerCredentialsDocument(
    [property: JsonPropertyName("AccessKeyId")] string AccessKeyId,
    [property: JsonPropertyName("SecretAccessKey")] string SecretAccessKey,
    [property: JsonPropertyName("Token")] string Token,
    [property: JsonPropertyName("Expiration")] string Expiration)
{
    public override string ToString() => $"ContainerCredentialsDocument {{ AccessKeyId = {AccessKeyId}, Expiration = {Expiration} }}";
}
