using System.Text.Json.Serialization;

namespace CertCreds.Emulator.Logging;

/// <summary>One answered request. Holds no secret: credentials never appear here.</summary>
public sealed record RequestLogEntry(
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("requestId")] string RequestId,
    [property: JsonPropertyName("certificateId")] string? CertificateId,
    [property: JsonPropertyName("sni")] string? Sni,
    [property: JsonPropertyName("host")] string? Host,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("thingName")] string? ThingName,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("fault")] string? Fault);
