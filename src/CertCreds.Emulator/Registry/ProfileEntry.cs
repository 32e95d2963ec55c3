using System.Text.Json.Serialization;

namespace CertCreds.Emulator.Registry;

/// <summary>A Roles Anywhere profile: the roles a session may assume through it and how long its sessions may last.</summary>
public sealed class ProfileEntry
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("arn")]
    public string Arn { get; set; } = "";

    [JsonPropertyName("roleArns")]
    public List<string> RoleArns { get; } = [];

    /// <summary>The profile's session length cap; AWS's default for a profile is 3600.</summary>
    [JsonPropertyName("durationSeconds")]
    public int DurationSeconds { get; set; } = 3600;

    [JsonPropertyName("enabled")]
    public bool Enabled { get; set; } = true;

    /// <summary>Whether a CreateSession request may name its own role session (AWS's profile setting of the same name).</summary>
    [JsonPropertyName("acceptRoleSessionName")]
    public bool AcceptRoleSessionName { get; set; }
}
