using System.Text.Json.Serialization;

namespace CertCreds.Emulator.Json;

/// <summary>The credentials object with STS-style capitalised keys, for the capitalisedKeys fault.</summary>
internal sealed record CapitalisedCredentials(
    [property: JsonPropertyName("AccessKeyId")] string AccessKeyId,
    [property: JsonPropertyName("SecretAccessKey")] string SecretAccessKey,
    [property: JsonPropertyName("SessionToken")] string SessionToken,
    [property: JsonPropertyName("Expiration")] string Expiration)
{
    public override string ToString() => $"CapitalisedCredentials {{ AccessKeyId = {AccessKeyId}, Expiration = {Expiration} }}";
}
