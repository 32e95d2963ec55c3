using System.Text.Json.Serialization;

namespace CertCreds.Emulator.Json;

/// <summary>A Roles Anywhere error body: <c>{"message":"…"}</c>, the type going in <c>x-amzn-ErrorType</c>.</summary>
internal sealed record SessionError([property: JsonPropertyName("message")] string Message);
