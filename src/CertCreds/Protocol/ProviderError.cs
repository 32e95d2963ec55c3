using System.Text.Json.Serialization;

namespace CertCreds.Protocol;

/// <summary>An error answer: always <c>{"message":"…"}</c>.</summary>
public sealed record ProviderError([property: JsonPropertyName("message")] string? Message);
