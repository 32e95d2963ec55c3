using CertCreds.Errors;

namespace CertCreds.Cli.Doctor;

/// <summary><c>ca</c>: the trust anchors for the endpoint load (--ca-cert, or the embedded Amazon roots).</summary>
internal sealed class TrustAnchorsCheck : IDoctorCheck
{
    public Task RunAsync(DoctorRun run, CancellationToken cancellationToken)
    {
        try
        {
            var anchors = run.Service.LoadAnchors(run.Settings);
            run.Add(CheckResult.Pass("ca", $"{anchors.Certificates.Count} trust anchor(s) from {anchors.Description}"));
            run.Anchors = anchors;
        }
        catch (CertCredsException e)
        {
            run.Add(CheckResult.Fail("ca", e.Message, e.Hint, e.ExitCode));
        }

        return Task.CompletedTask;
    }
}
