using CertCreds.Testing;

namespace CertCreds.EndToEnd.Compatibility;

/// <summary>
/// A real AWS client the end-to-end tests run: how to run <c>sts get-caller-identity</c> with it (it prints the
/// caller's ARN on stdout), and which version the table claims, checked against what is installed.
/// </summary>
/// <param name="Id">Stable key for theory data.</param>
/// <param name="Name">As the README shows it.</param>
/// <param name="ProvenVersion">The version the tests prove; <see cref="InstalledVersionAsync"/> must report exactly it.</param>
/// <param name="Source">Where the tested client comes from (package, pin).</param>
public sealed record AwsClient(
    string Id,
    string Name,
    string ProvenVersion,
    string Source,
    Func<string, Dictionary<string, string>, Task<CliRun>> RunCallerIdentityAsync,
    Func<Task<string>> InstalledVersionAsync);
