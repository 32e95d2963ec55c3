namespace CertCreds.Cli.Doctor;

/// <summary>
/// One step of the <c>doctor</c> checklist. Steps run in the order a request would fail; each adds its lines to
/// <see cref="DoctorRun"/> and may leave there what later steps need (the identity, the trust anchors, whether the
/// endpoint is reachable). A step whose prerequisite failed reports itself as skipped.
/// </summary>
internal interface IDoctorCheck
{
    Task RunAsync(DoctorRun run, CancellationToken cancellationToken);
}
