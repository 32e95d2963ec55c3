using System.Text.Json.Serialization;

namespace CertCreds.Emulator.Registry;

/// <summary>A thing and the certificates (by ID) attached to it.</summary>
public sealed class ThingEntry
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("certificates")]
    public List<string> Certificates { get; } = [];
}
