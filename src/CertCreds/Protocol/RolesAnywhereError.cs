using System.Text.Json.Serialization;

namespace CertCreds.Protocol;

/// <summary>
/// A rest-json error answer: <c>{"message":"…"}</c> (some services spell it <c>Message</c>), the error type in the
/// <c>x-amzn-ErrorType</c> header or, failing that, in <c>__type</c>.
/// </summary>
public sealed record RolesAnywhereError(
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("Message")] string? CapitalMessage,
    [property: JsonPropertyName("__type")] string? Type);
