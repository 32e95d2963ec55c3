using System.Text.Json.Serialization;

namespace CertCreds.Emulator.Registry;

/// <summary>A registered device certificate, keyed like AWS IoT by the SHA-256 of its DER (lower-case hex).</summary>
public sealed class CertificateEntry
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("status")]
    public CertificateStatus Status { get; set; } = CertificateStatus.Active;

    /// <summary>Optional, informational only: the decision uses <see cref="Id"/>.</summary>
    [JsonPropertyName("pem")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Pem { get; set; }
}
