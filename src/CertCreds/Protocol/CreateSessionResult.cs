using System.Text.Json.Serialization;

namespace CertCreds.Protocol;

/// <summary>CreateSession's 201 answer: <c>{"credentialSet":[{"credentials":{…}, …}], "subjectArn":…}</c>.</summary>
public sealed record CreateSessionResult(
    [property: JsonPropertyName("credentialSet")] IReadOnlyList<SessionCredentialResponse?>? CredentialSet,
    [property: JsonPropertyName("subjectArn")] string? SubjectArn);
