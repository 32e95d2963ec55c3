using System.Text.Json.Serialization;

namespace CertCreds.Emulator.Logging;

/// <summary>One set of credentials handed out (IoT: by role alias; Roles Anywhere: <c>roleAlias</c> empty, <see cref="ProfileArn"/> set, <c>certificateId</c> the serial). Only the access key ID is kept: never the secret or the token.</summary>
public sealed record IssuanceLogEntry(
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("requestId")] string RequestId,
    [property: JsonPropertyName("certificateId")] string CertificateId,
    [property: JsonPropertyName("roleAlias")] string RoleAlias,
    [property: JsonPropertyName("roleArn")] string RoleArn,
    [property: JsonPropertyName("accessKeyId")] string AccessKeyId,
    [property: JsonPropertyName("expiration")] string Expiration,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("profileArn")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ProfileArn = null);
