using System.Text.Json.Serialization;

namespace CertCreds.Emulator.State;

/// <summary>
/// <c>DIR/roles-anywhere.json</c>: where the Roles Anywhere listener is and which trust anchor, profile and role the
/// seeded devices can use, so a script or test can build a command line without reading emulator.json.
/// </summary>
public sealed record RolesAnywhereEndpointFile(
    [property: JsonPropertyName("endpoint")] string Endpoint,
    [property: JsonPropertyName("region")] string Region,
    [property: JsonPropertyName("trustAnchorArn")] string TrustAnchorArn,
    [property: JsonPropertyName("profileArn")] string ProfileArn,
    [property: JsonPropertyName("roleArn")] string RoleArn);
