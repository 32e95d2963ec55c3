using System.Text.Json.Serialization;

namespace CertCreds.Cli.Doctor;

/// <summary>The outcome of one <c>doctor</c> check.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CheckStatus>))]
internal enum CheckStatus
{
    [JsonStringEnumMemberName("pass")]
    Pass,

    [JsonStringEnumMemberName("warn")]
    Warn,

    [JsonStringEnumMemberName("fail")]
    Fail,

    /// <summary>Not run because an earlier check it depends on failed.</summary>
    [JsonStringEnumMemberName("skip")]
    Skip,
}
