using CertCreds.Sources;

namespace CertCreds.Cli.Doctor;

/// <summary>
/// The <c>doctor</c> checklist: one <see cref="IDoctorCheck"/> per step, in the order a request would fail, each
/// reusing what every verb uses (<see cref="CredentialService"/> for the identity, anchors and proxy, the source's
/// own handler and request), so a pass here means the same code path works.
/// </summary>
internal sealed class DoctorChecks(CliContext context)
{
    /// <summary>Every step, in order. A source-specific step (e.g. <see cref="IotEndpointCheck"/>) passes over other sources.</summary>
    private static readonly IDoctorCheck[] Steps =
    [
        new FilesCheck(),
        new TokenCheck(),
        new IdentityCheck(),
        new TokenCacheCheck(),
        new TrustAnchorsCheck(),
        new IotEndpointCheck(),
        new RolesAnywhereEndpointCheck(),
        new NetworkCheck(),
        new TlsCheck(),
        new RequestCheck(),
        new ProfileCheck(),
        new ClientsCheck(),
    ];

    public async Task<IReadOnlyList<CheckResult>> RunAsync(CredentialSettings settings, string? profile, CancellationToken cancellationToken)
    {
        using var run = new DoctorRun(context, settings, profile);
        foreach (var step in Steps)
        {
            await step.RunAsync(run, cancellationToken).ConfigureAwait(false);
        }

        return run.Results;
    }
}
