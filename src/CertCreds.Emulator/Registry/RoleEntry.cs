using System.Text.Json.Serialization;

namespace CertCreds.Emulator.Registry;

/// <summary>An IAM role as the credentials provider sees it: does it trust the service, and how long may sessions be.</summary>
public sealed class RoleEntry
{
    [JsonPropertyName("arn")]
    public string Arn { get; set; } = "";

    /// <summary>Whether the trust policy names <c>credentials.iot.amazonaws.com</c> for <c>sts:AssumeRole</c>.</summary>
    [JsonPropertyName("trustsCredentialsProvider")]
    public bool TrustsCredentialsProvider { get; set; } = true;

    [JsonPropertyName("maxSessionDurationSeconds")]
    public int MaxSessionDurationSeconds { get; set; } = 3600;
}
