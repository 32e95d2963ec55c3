using CertCreds.Errors;
using CertCreds.Sources;

namespace CertCreds.Cli.Doctor;

/// <summary><c>endpoint</c> for the IoT source: the credentials endpoint, not the data endpoint (-ats), which answers every credentials request with 404.</summary>
internal sealed class IotEndpointCheck : IDoctorCheck
{
    public Task RunAsync(DoctorRun run, CancellationToken cancellationToken)
    {
        if (run.Source is not IotCredentialSource iot)
        {
            return Task.CompletedTask;
        }

        var endpoint = iot.Request.Endpoint;
        const string Describe = "use the host from 'aws iot describe-endpoint --endpoint-type iot:CredentialProvider'";
        if (endpoint.LooksLikeDataEndpoint)
        {
            run.Add(CheckResult.Fail("endpoint", $"{endpoint.Host} is the IoT data endpoint (-ats), which answers every credentials request with 404 Not Found", Describe, ExitCodes.Usage));
        }
        else if (endpoint.Host.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase) && !endpoint.LooksLikeCredentialsEndpoint)
        {
            run.Add(CheckResult.Warn("endpoint", $"{endpoint.Host} does not look like an IoT credentials endpoint (PREFIX.credentials.iot.REGION.amazonaws.com)", Describe));
        }
        else
        {
            run.Add(CheckResult.Pass("endpoint", endpoint.LooksLikeCredentialsEndpoint ? $"{endpoint} is a credentials endpoint" : $"{endpoint} is not an AWS host name (an emulator or a private DNS name)"));
        }

        return Task.CompletedTask;
    }
}
