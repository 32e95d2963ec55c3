using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using CertCreds.Emulator.Decisions;
using CertCreds.Errors;

namespace CertCreds.Emulator.Credentials;

/// <summary>
/// Credentials from <c>sts:AssumeRole</c> on an STS-compatible endpoint (moto, LocalStack, or real STS),
/// with the session name AWS uses: the certificate ID for the IoT provider, the request's or the certificate serial for Roles Anywhere. The caller's own credentials come from the
/// standard AWS chain of this process unless given. Failures become the provider's 400, as when AWS
/// itself cannot assume the role; the reason goes to the emulator log, never to the client.
/// </summary>
internal sealed class StsCredentialSource : ICredentialSource, IDisposable
{
    private readonly AmazonSecurityTokenServiceClient _client;
    private readonly TextWriter _log;

    public StsCredentialSource(Uri endpoint, string region, AWSCredentials? callerCredentials, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var config = new AmazonSecurityTokenServiceConfig
        {
            ServiceURL = endpoint.ToString(),
            AuthenticationRegion = region,
            MaxErrorRetry = 0,
        };
        _client = callerCredentials is null ? new AmazonSecurityTokenServiceClient(config) : new AmazonSecurityTokenServiceClient(callerCredentials, config);
        _log = log;
    }

    public async Task<IssuedCredentials?> IssueAsync(CredentialGrant grant, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        try
        {
            var response = await _client.AssumeRoleAsync(
                new AssumeRoleRequest { RoleArn = grant.RoleArn, RoleSessionName = grant.RoleSessionName ?? grant.CertificateId, DurationSeconds = grant.DurationSeconds },
                cancellationToken);
            var credentials = response.Credentials;
            if (credentials?.AccessKeyId is null || credentials.SecretAccessKey is null || credentials.SessionToken is null)
            {
                _log.WriteLine($"certcreds emulator: sts:AssumeRole on {grant.RoleArn} returned no credentials");
                return null;
            }

            var expiration = credentials.Expiration is { } e ? new DateTimeOffset(DateTime.SpecifyKind(e.ToUniversalTime(), DateTimeKind.Utc)) : now.AddSeconds(grant.DurationSeconds);
            return new IssuedCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, expiration, "sts");
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException)
        {
            _log.WriteLine($"certcreds emulator: sts:AssumeRole on {grant.RoleArn} failed: {e.GetType().Name}: {(e is HttpRequestException or IOException ? NetworkFault.Describe(e) : TerminalText.Escape(e.Message))}");
            return null;
        }
    }

    public void Dispose() => _client.Dispose();
}
