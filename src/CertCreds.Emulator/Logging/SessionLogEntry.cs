using System.Text.Json.Serialization;

namespace CertCreds.Emulator.Logging;

/// <summary>
/// One answered CreateSession request. Holds no secret: the certificate is named by its serial (hex) and subject
/// once its signature checked out, and credentials never appear.
/// </summary>
public sealed record SessionLogEntry(
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("requestId")] string RequestId,
    [property: JsonPropertyName("serialNumber")] string? SerialNumber,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("trustAnchorArn")] string? TrustAnchorArn,
    [property: JsonPropertyName("profileArn")] string? ProfileArn,
    [property: JsonPropertyName("roleArn")] string? RoleArn,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("errorType")] string? ErrorType,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("fault")] string? Fault);
