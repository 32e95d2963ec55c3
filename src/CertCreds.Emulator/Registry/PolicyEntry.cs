using System.Text.Json.Serialization;

namespace CertCreds.Emulator.Registry;

/// <summary>
/// An IoT policy reduced to what the credentials provider evaluates: the role alias ARNs (with <c>*</c> and
/// <c>?</c> wildcards) on which it allows <c>iot:AssumeRoleWithCertificate</c>, and the certificates it is
/// attached to.
/// </summary>
public sealed class PolicyEntry
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("allowedRoleAliasArns")]
    public List<string> AllowedRoleAliasArns { get; } = [];

    [JsonPropertyName("certificates")]
    public List<string> Certificates { get; } = [];
}
