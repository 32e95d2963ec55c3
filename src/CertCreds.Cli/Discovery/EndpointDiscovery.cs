using System.CommandLine;
using System.Text.Json;
using CertCreds.Cli.AwsFiles;
using CertCreds.Cli.Options;
using CertCreds.Errors;
using CertCreds.Providers;
using CertCreds.Provisioning.Aws;

namespace CertCreds.Cli.Discovery;

/// <summary>
/// <c>--discover-endpoint --region R</c>: asks IoT <c>DescribeEndpoint</c> (<c>endpointType=iot:CredentialProvider</c>)
/// for the account's credentials endpoint, with the caller's AWS credentials as the AWS SDKs resolve them (environment,
/// profiles with SSO, assume-role or credential_process, …) and signed by the SDK's signer (CertCreds.Provisioning's
/// IoT client). <c>AWS_ENDPOINT_URL_IOT</c> or <c>AWS_ENDPOINT_URL</c> redirect the call, as in the AWS SDKs.
/// </summary>
internal sealed class EndpointDiscovery
{
    public Option<bool> Discover { get; } = new("--discover-endpoint") { Description = "Find the credentials endpoint with IoT DescribeEndpoint, using your existing AWS credentials" };

    /// <summary>Adds <c>--discover-endpoint</c>; its region is the shared <c>--region</c> of <see cref="RolesAnywhereSourceArguments"/> (one option, two uses).</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Discover);
    }

    /// <summary>
    /// The environment to resolve identity options with: unchanged, or with <c>CERTCREDS_ENDPOINT</c> set to the
    /// discovered endpoint when <c>--discover-endpoint</c> is given (an explicit <c>--endpoint</c> is refused).
    /// </summary>
    public async Task<Func<string, string?>> EnvironmentWithEndpointAsync(CliContext context, ParseResult result, IdentityArguments identity, CancellationToken cancellationToken)
    {
        if (!result.GetValue(Discover))
        {
            return context.GetEnvironmentVariable;
        }

        if (!string.IsNullOrEmpty(result.GetValue(identity.Endpoint)))
        {
            throw new UsageException("--endpoint and --discover-endpoint were both given", "pass one of them");
        }

        if (identity.Choice(result, context.GetEnvironmentVariable) == SourceChoice.RolesAnywhere)
        {
            throw new UsageException("--discover-endpoint finds the AWS IoT credentials endpoint, and the options given select IAM Roles Anywhere", "remove --discover-endpoint: the Roles Anywhere endpoint follows from the trust anchor's region");
        }

        var region = result.GetValue(identity.RolesAnywhere.Region) ?? context.GetEnvironmentVariable("AWS_REGION") ?? context.GetEnvironmentVariable("AWS_DEFAULT_REGION");
        if (string.IsNullOrEmpty(region) || !region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new UsageException("--discover-endpoint needs a region", "pass --region REGION (e.g. eu-west-1)");
        }

        var endpoint = await DiscoverAsync(context, region, cancellationToken).ConfigureAwait(false);
        context.Stderr.WriteLine($"certcreds: discovered the credentials endpoint {endpoint} in {region}");
        return name => name == "CERTCREDS_ENDPOINT" ? endpoint : context.GetEnvironmentVariable(name);
    }

    private static async Task<string> DiscoverAsync(CliContext context, string region, CancellationToken cancellationToken)
    {
        string address;
        try
        {
            using var aws = await AwsSession.OpenAsync(region, "--discover-endpoint", context.GetEnvironmentVariable, context.Clock, cancellationToken).ConfigureAwait(false);
            address = await aws.Iot.DescribeCredentialsEndpointAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceError e)
        {
            throw AwsErrorTranslator.Translate(e, region);
        }
        catch (JsonException e)
        {
            throw new InvalidResponseException("IoT DescribeEndpoint answered with something that is not JSON", "pass --endpoint yourself (aws iot describe-endpoint --endpoint-type iot:CredentialProvider)", e);
        }

        if (string.IsNullOrEmpty(address))
        {
            throw new InvalidResponseException("IoT DescribeEndpoint answered without an endpointAddress", "pass --endpoint yourself (aws iot describe-endpoint --endpoint-type iot:CredentialProvider)");
        }

        return IotEndpoint.Parse(address).Authority;
    }
}
