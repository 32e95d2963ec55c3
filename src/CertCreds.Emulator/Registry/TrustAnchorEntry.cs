using System.Text.Json.Serialization;

namespace CertCreds.Emulator.Registry;

/// <summary>
/// A Roles Anywhere trust anchor of source type CERTIFICATE_BUNDLE: the CA certificates (PEM, one or more) that a
/// signing certificate's chain must end at.
/// </summary>
public sealed class TrustAnchorEntry
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("arn")]
    public string Arn { get; set; } = "";

    /// <summary>PEM text with one or more CA certificates (root or intermediate) that the anchor trusts.</summary>
    [JsonPropertyName("certificateBundle")]
    public string CertificateBundle { get; set; } = "";

    [JsonPropertyName("enabled")]
    public bool Enabled { get; set; } = true;
}
