using CertCreds.Providers.RolesAnywhere;
using CertCreds.Sources;

namespace CertCreds.Cli.Doctor;

/// <summary>
/// <c>endpoint</c> for IAM Roles Anywhere: the host CreateSession goes to belongs to the region of the trust anchor
/// and profile (another region's service does not know them), and is not an IoT endpoint given by mistake.
/// </summary>
internal sealed class RolesAnywhereEndpointCheck : IDoctorCheck
{
    public Task RunAsync(DoctorRun run, CancellationToken cancellationToken)
    {
        if (run.Source is not RolesAnywhereSource rolesAnywhere)
        {
            return Task.CompletedTask;
        }

        var request = rolesAnywhere.Request;
        var warning = rolesAnywhere.EndpointWarning;
        if (warning is not null)
        {
            run.Add(CheckResult.Warn("endpoint", warning, $"leave --endpoint out to use {RolesAnywhereEndpoint.ForRegion(request.Region, false)}, or pass the VPC endpoint of IAM Roles Anywhere in {request.Region}"));
        }
        else if (request.Endpoint == RolesAnywhereEndpoint.ForRegion(request.Region, false))
        {
            run.Add(CheckResult.Pass("endpoint", $"{request.Endpoint} is IAM Roles Anywhere in {request.Region}, the region of the trust anchor and profile"));
        }
        else if (request.Endpoint == RolesAnywhereEndpoint.ForRegion(request.Region, true))
        {
            run.Add(CheckResult.Pass("endpoint", $"{request.Endpoint} is the FIPS endpoint of IAM Roles Anywhere in {request.Region} (signed for {request.Region})"));
        }
        else
        {
            run.Add(CheckResult.Pass("endpoint", $"{request.Endpoint} is not the region's host name (an emulator, a VPC endpoint or a private DNS name); requests are signed for {request.Region}"));
        }

        return Task.CompletedTask;
    }
}
