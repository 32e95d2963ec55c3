using CertCreds.Certificates;
using CertCreds.Keys;
using CertCreds.Keys.Hardware;
using CertCreds.Platform;

namespace CertCreds.Sources;

/// <summary>What <see cref="CredentialService"/> may touch of its host: the CLI fills it from the process, the SDK library from its options.</summary>
/// <param name="Files">Reads the user's files; relative paths resolve against its working directory.</param>
/// <param name="Clock">The only source of time.</param>
/// <param name="GetEnvironmentVariable">HTTPS_PROXY, NO_PROXY and friends.</param>
/// <param name="Password">The key password when no password file names one (environment or prompt); null: none.</param>
/// <param name="Warn">One line for the user that does not stop the call (stderr in the CLI).</param>
public sealed record CredentialEnvironment(
    FileReader Files,
    TimeProvider Clock,
    Func<string, string?> GetEnvironmentVariable,
    Func<IdentityOptions, string?> Password,
    Action<string> Warn)
{
    public Tracer Trace { get; init; } = Tracer.Off;

    /// <summary>True when a person may be typing a password at a prompt: identity loading then has no deadline.</summary>
    public bool IsInteractive { get; init; }

    /// <summary>
    /// True in the CLI: it may tell OpenSSL to skip the system trust store (a libc <c>setenv</c>), which only our
    /// anchors would override anyway. A library must not alter its host, so it leaves this false.
    /// </summary>
    public bool MayChangeProcessEnvironment { get; init; }

    /// <summary>Where keys come from, by the form of <c>--private-key</c>.</summary>
    public IReadOnlyList<IKeySource> KeySources { get; init; } = Keys.KeySources.Default;

    /// <summary>Asks a person for a token PIN; null (the default) when nobody can answer, so a missing PIN fails at once.</summary>
    public IPinPrompt? PinPrompt { get; init; }

    /// <summary>A number in [0, 1) for backoff jitter.</summary>
    public Func<double> Jitter { get; init; } = Random.Shared.NextDouble;
}
