using System.Text.Json.Serialization;

namespace CertCreds.Serving;

/// <summary>The error body both endpoints send: <c>{"Code","Message"}</c>, the shape the SDKs print.</summary>
public sealed record ServeErrorDocument(
    [property: JsonPropertyName("Code")] string Code,
    [property: JsonPropertyName("Message")] string Message);
