using System.Text.Json.Serialization;

namespace CertCreds.Cli.Doctor;

/// <summary>Everything <c>doctor --json</c> prints.</summary>
/// <param name="Ok">True when no check failed (warnings allowed): the exit code is then 0.</param>
internal sealed record DoctorReport(
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("checks")] IReadOnlyList<CheckResult> Checks);
