using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.SecurityToken;
using CertCreds.Errors;

namespace CertCreds.Provisioning.Aws;

/// <summary>
/// The caller's own AWS credentials, resolved by AWSSDK.Core's default chain exactly as every .NET SDK client does:
/// environment, the profile of <c>AWS_PROFILE</c> (static keys, SSO, assume-role, credential_process, web identity),
/// container and instance metadata. Never printed.
/// </summary>
internal static class CallerCredentials
{
    public static async Task<ImmutableCredentials> ResolveAsync(string region, string forWhat, CancellationToken cancellationToken)
    {
        SdkClients.Register();
        var config = new AmazonSecurityTokenServiceConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(region) };
        try
        {
            using var resolver = new DefaultAWSCredentialsIdentityResolver();
            var credentials = await resolver.ResolveIdentityAsync(config, cancellationToken).ConfigureAwait(false);
            return await credentials.GetCredentialsAsync().ConfigureAwait(false);
        }
        catch (AmazonClientException e)
        {
            throw new UsageException(
                $"{forWhat} needs your AWS credentials, and the AWS SDK found none that work ({TerminalText.Escape(FirstLine(e.Message))})",
                "sign in as the AWS CLI does (aws configure, aws sso login, AWS_PROFILE=NAME, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)");
        }
        catch (AmazonServiceException e)
        {
            throw new RejectedException(
                $"{forWhat}: getting your AWS credentials was refused: {TerminalText.Escape(FirstLine(e.Message))}",
                "check the profile in AWS_PROFILE (SSO session expired? run aws sso login)",
                (int)e.StatusCode,
                TerminalText.Escape(e.Message),
                e.RequestId);
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
