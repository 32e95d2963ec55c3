using System.Text.Json.Serialization;

namespace CertCreds.Emulator.Registry;

/// <summary>
/// Endpoint identity and every behaviour nobody recorded against AWS, so each guess can be changed without
/// code. Host name and TLS settings are read when the server starts; the rest on every request.
/// </summary>
public sealed class EmulatorSettings
{
    /// <summary>The endpoint name: SNI must equal it, and the server certificate names it.</summary>
    [JsonPropertyName("hostName")]
    public string HostName { get; set; } = "localhost";

    [JsonPropertyName("accountId")]
    public string AccountId { get; set; } = "123456789012";

    [JsonPropertyName("region")]
    public string Region { get; set; } = "us-east-1";

    [JsonPropertyName("tls12Only")]
    public bool Tls12Only { get; set; }

    /// <summary>Not recorded for the real service.</summary>
    [JsonPropertyName("contentType")]
    public string ContentType { get; set; } = "application/json";

    /// <summary>The service answered 500 without a Host header (recorded); the body was not recorded.</summary>
    [JsonPropertyName("missingHostStatus")]
    public int MissingHostStatus { get; set; } = 500;

    [JsonPropertyName("missingHostMessage")]
    public string MissingHostMessage { get; set; } = "Internal Server Error";

    /// <summary>Recorded with the 403 certificate answer.</summary>
    [JsonPropertyName("certificateInvalidErrorType")]
    public string? CertificateInvalidErrorType { get; set; } = "AccessDeniedException";

    [JsonPropertyName("invalidThingErrorType")]
    public string? InvalidThingErrorType { get; set; } = "AccessDeniedException";

    [JsonPropertyName("accessDeniedErrorType")]
    public string? AccessDeniedErrorType { get; set; } = "AccessDeniedException";

    [JsonPropertyName("aliasMissingErrorType")]
    public string? AliasMissingErrorType { get; set; } = "ResourceNotFoundException";

    [JsonPropertyName("unableToAssumeErrorType")]
    public string? UnableToAssumeErrorType { get; set; } = "InvalidRequestException";

    [JsonPropertyName("durationErrorType")]
    public string? DurationErrorType { get; set; } = "InvalidRequestException";

    [JsonPropertyName("missingHostErrorType")]
    public string? MissingHostErrorType { get; set; } = "InternalFailureException";

    /// <summary>The data endpoint's "Not Found" answer carried no error type in the recording.</summary>
    [JsonPropertyName("notFoundErrorType")]
    public string? NotFoundErrorType { get; set; }

    [JsonPropertyName("throttlingErrorType")]
    public string? ThrottlingErrorType { get; set; } = "ThrottlingException";

    [JsonPropertyName("throttlingMessage")]
    public string ThrottlingMessage { get; set; } = "Rate exceeded";

    /// <summary>When set (and not overridden by the host options), credentials come from sts:AssumeRole there.</summary>
    [JsonPropertyName("stsEndpoint")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StsEndpoint { get; set; }
}
