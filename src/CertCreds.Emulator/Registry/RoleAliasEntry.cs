using System.Text.Json.Serialization;

namespace CertCreds.Emulator.Registry;

/// <summary>A role alias: the name in the request path, the role it stands for, and the credential lifetime.</summary>
public sealed class RoleAliasEntry
{
    public const int DefaultDurationSeconds = 3600;

    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("roleArn")]
    public string RoleArn { get; set; } = "";

    /// <summary>900–43200 in AWS (not enforced here, so tests can model broken aliases).</summary>
    [JsonPropertyName("credentialDurationSeconds")]
    public int CredentialDurationSeconds { get; set; } = DefaultDurationSeconds;
}
