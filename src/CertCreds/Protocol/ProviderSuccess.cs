using System.Text.Json.Serialization;

namespace CertCreds.Protocol;

/// <summary>A successful answer: <c>{"credentials":{…}}</c>.</summary>
public sealed record ProviderSuccess([property: JsonPropertyName("credentials")] ProviderCredentials? Credentials);
