using System.Text.Json.Serialization;

namespace CertCreds.Emulator.Json;

/// <summary>CreateSession's 201 body: <c>{"credentialSet":[…],"subjectArn":…}</c>. Holds secrets.</summary>
internal sealed record CreateSessionResponse(
    [property: JsonPropertyName("credentialSet")] IReadOnlyList<CredentialSetItem> CredentialSet,
    [property: JsonPropertyName("subjectArn")] string SubjectArn)
{
    public override string ToString() => $"CreateSessionResponse {{ SubjectArn = {SubjectArn} }}";
}
