using System.Text.Json.Serialization;

namespace CertCreds.Emulator.Json;

/// <summary>What AWS's data endpoint answers for <c>/role-aliases/…</c>: <c>{"message":"Not Found","traceId":"…"}</c>.</summary>
internal sealed record NotFoundBody(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("traceId")] string TraceId);
