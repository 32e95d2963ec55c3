using System.Text.Json.Serialization;

namespace CertCreds.Emulator.Faults;

/// <summary>The scripted misbehaviours a client must survive. Names are the <c>kind</c> values in emulator.json.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FaultKind>))]
public enum FaultKind
{
    /// <summary>Answer <see cref="FaultSpec.Status"/> with <c>{"message":…}</c> instead of deciding.</summary>
    [JsonStringEnumMemberName("status")]
    Status,

    /// <summary>429, with a <c>Retry-After</c> header only when <see cref="FaultSpec.RetryAfter"/> is set.</summary>
    [JsonStringEnumMemberName("throttle")]
    Throttle,

    /// <summary>200 with a truncated JSON document.</summary>
    [JsonStringEnumMemberName("malformedJson")]
    MalformedJson,

    /// <summary>The normal answer padded to <see cref="FaultSpec.SizeBytes"/> (default 100 KB) of valid JSON.</summary>
    [JsonStringEnumMemberName("oversizedBody")]
    OversizedBody,

    /// <summary>Success with <c>AccessKeyId</c>, <c>SecretAccessKey</c>, <c>SessionToken</c>, <c>Expiration</c>.</summary>
    [JsonStringEnumMemberName("capitalisedKeys")]
    CapitalisedKeys,

    /// <summary>Success with an expiration carrying milliseconds (<c>…:03.123Z</c>).</summary>
    [JsonStringEnumMemberName("fractionalExpiration")]
    FractionalExpiration,

    /// <summary>Success with the same instant written with an offset (default <c>+09:00</c>).</summary>
    [JsonStringEnumMemberName("offsetExpiration")]
    OffsetExpiration,

    /// <summary>Success with an expiration already in the past (default one hour ago).</summary>
    [JsonStringEnumMemberName("pastExpiration")]
    PastExpiration,

    /// <summary>Wait <see cref="FaultSpec.DelayMilliseconds"/> of wall-clock time, then answer normally.</summary>
    [JsonStringEnumMemberName("delay")]
    Delay,

    /// <summary>Never answer, until the client goes away or the server stops.</summary>
    [JsonStringEnumMemberName("hang")]
    Hang,

    /// <summary>Send the headers and part of the normal body, then abort the connection.</summary>
    [JsonStringEnumMemberName("resetMidBody")]
    ResetMidBody,

    /// <summary>Send the headers and part of the normal body, then nothing more until the client goes away.</summary>
    [JsonStringEnumMemberName("stallMidBody")]
    StallMidBody,

    /// <summary>Normal answer with the Date header moved by <see cref="FaultSpec.SkewSeconds"/> (default +3600).</summary>
    [JsonStringEnumMemberName("skewedDate")]
    SkewedDate,

    /// <summary>Normal answer without a Date header.</summary>
    [JsonStringEnumMemberName("missingDate")]
    MissingDate,
}
