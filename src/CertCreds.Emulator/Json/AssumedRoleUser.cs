using System.Text.Json.Serialization;

namespace CertCreds.Emulator.Json;

/// <summary>STS's assumed-role user as CreateSession reports it.</summary>
internal sealed record AssumedRoleUser(
    [property: JsonPropertyName("arn")] string Arn,
    [property: JsonPropertyName("assumedRoleId")] string AssumedRoleId);
