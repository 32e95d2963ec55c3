using System.Text.Json.Serialization;

namespace CertCreds.Protocol;

/// <summary>CreateSession's JSON body: <c>{"durationSeconds":N}</c>, with <c>roleSessionName</c> only when given.</summary>
public sealed record CreateSessionBody(
    [property: JsonPropertyName("durationSeconds")] int DurationSeconds,
    [property: JsonPropertyName("roleSessionName"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RoleSessionName);
