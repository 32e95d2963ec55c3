using System.Text.Json.Serialization;

namespace CertCreds.Output;

/// <summary>
/// The <c>credential_process</c> document (docs/spec/aws-clients.md): <c>Version</c> is the number 1,
/// <c>Expiration</c> is UTC with a literal Z.
/// </summary>
public sealed record CredentialProcessDocument(
    [property: JsonPropertyName("Version")] int Version,
    [property: JsonPropertyName("AccessKeyId")] string AccessKeyId,
    [property: JsonPropertyName("SecretAccessKey")] string SecretAccessKey,
    [property: JsonPropertyName("SessionToken")] string SessionToken,
    [property: JsonPropertyName("Expiration")] string Expiration)
{
    public override string ToString() => $"CredentialProcessDocument {{ AccessKeyId = {AccessKeyId}, Expiration = {Expiration} }}";
}
