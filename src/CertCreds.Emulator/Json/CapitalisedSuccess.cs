using System.Text.Json.Serialization;

namespace CertCreds.Emulator.Json;

/// <summary><c>{"credentials":{"AccessKeyId":…}}</c>: only the inner keys change, as a sloppy proxy might do.</summary>
internal sealed record CapitalisedSuccess([property: JsonPropertyName("credentials")] CapitalisedCredentials Credentials);
