using System.Text.Json.Serialization;

namespace CertCreds.Emulator.Registry;

/// <summary>An IAM role as the credentials providers see it: which services it trusts, and how long may sessions be.</summary>
public sealed class RoleEntry
{
    [JsonPropertyName("arn")]
    public string Arn { get; set; } = "";

    /// <summary>Whether the trust policy names <c>credentials.iot.amazonaws.com</c> for <c>sts:AssumeRole</c>.</summary>
    [JsonPropertyName("trustsCredentialsProvider")]
    public bool TrustsCredentialsProvider { get; set; } = true;

    /// <summary>
    /// Whether the trust policy names <c>rolesanywhere.amazonaws.com</c> for <c>sts:AssumeRole</c> (Roles Anywhere's
    /// CreateSession). False by default, so registries written before Roles Anywhere keep their meaning.
    /// </summary>
    [JsonPropertyName("trustsRolesAnywhere")]
    public bool TrustsRolesAnywhere { get; set; }

    [JsonPropertyName("maxSessionDurationSeconds")]
    public int MaxSessionDurationSeconds { get; set; } = 3600;
}
