using System.Text.Json.Serialization;

namespace CertCreds.Emulator.Registry;

/// <summary>AWS IoT certificate statuses that matter to the credentials provider: only ACTIVE is accepted.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CertificateStatus>))]
public enum CertificateStatus
{
    [JsonStringEnumMemberName("ACTIVE")]
    Active,

    [JsonStringEnumMemberName("INACTIVE")]
    Inactive,

    [JsonStringEnumMemberName("REVOKED")]
    Revoked,
}
