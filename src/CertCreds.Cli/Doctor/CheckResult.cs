using System.Text.Json.Serialization;

namespace CertCreds.Cli.Doctor;

/// <summary>One line of the <c>doctor</c> checklist. Never holds a secret.</summary>
/// <param name="Check">Short stable name (<c>identity</c>, <c>tls</c>, <c>request</c>, …) for scripts.</param>
/// <param name="Status">Passed, warned, failed or skipped.</param>
/// <param name="Detail">What was found.</param>
/// <param name="Fix">How to fix it; null when nothing needs fixing.</param>
/// <param name="ExitCode">The exit code this failure stands for (same table as <c>credential-process</c>).</param>
internal sealed record CheckResult(
    [property: JsonPropertyName("check")] string Check,
    [property: JsonPropertyName("status")] CheckStatus Status,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("fix")] string? Fix,
    [property: JsonIgnore] int ExitCode = 0)
{
    public static CheckResult Pass(string check, string detail) => new(check, CheckStatus.Pass, detail, null);

    public static CheckResult Warn(string check, string detail, string fix) => new(check, CheckStatus.Warn, detail, fix);

    public static CheckResult Fail(string check, string detail, string fix, int exitCode) => new(check, CheckStatus.Fail, detail, fix, exitCode);

    public static CheckResult Skip(string check, string why) => new(check, CheckStatus.Skip, why, null);
}
