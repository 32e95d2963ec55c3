using System.Text.Json.Serialization;

namespace CertCreds.Emulator.Faults;

/// <summary>One scripted fault, consumed by exactly one request. Unused parameters are ignored.</summary>
public sealed record FaultSpec
{
    [JsonPropertyName("kind")]
    public FaultKind Kind { get; init; }

    /// <summary>For <see cref="FaultKind.Status"/> (default 503).</summary>
    [JsonPropertyName("status")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Status { get; init; }

    /// <summary>Body message for <see cref="FaultKind.Status"/> and <see cref="FaultKind.Throttle"/>.</summary>
    [JsonPropertyName("message")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; init; }

    /// <summary>x-amzn-ErrorType for <see cref="FaultKind.Status"/>; none when null.</summary>
    [JsonPropertyName("errorType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ErrorType { get; init; }

    /// <summary>Raw <c>Retry-After</c> value for <see cref="FaultKind.Throttle"/> (seconds or an HTTP date); none when null.</summary>
    [JsonPropertyName("retryAfter")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RetryAfter { get; init; }

    [JsonPropertyName("delayMilliseconds")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? DelayMilliseconds { get; init; }

    [JsonPropertyName("sizeBytes")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? SizeBytes { get; init; }

    [JsonPropertyName("skewSeconds")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? SkewSeconds { get; init; }

    /// <summary>For <see cref="FaultKind.OffsetExpiration"/>, e.g. <c>+09:00</c>.</summary>
    [JsonPropertyName("offset")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Offset { get; init; }

    /// <summary>For <see cref="FaultKind.PastExpiration"/>: how long ago (default 3600).</summary>
    [JsonPropertyName("agoSeconds")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? AgoSeconds { get; init; }

    public static FaultSpec WithStatus(int status, string? message = null) => new() { Kind = FaultKind.Status, Status = status, Message = message };

    public static FaultSpec Throttle(string? retryAfter = null) => new() { Kind = FaultKind.Throttle, RetryAfter = retryAfter };

    public static FaultSpec Delay(int milliseconds) => new() { Kind = FaultKind.Delay, DelayMilliseconds = milliseconds };

    public static FaultSpec Of(FaultKind kind) => new() { Kind = kind };
}
