using System.CommandLine;
using System.Net;
using System.Text.Json;
using CertCreds.Cli.AwsFiles;
using CertCreds.Cli.Options;
using CertCreds.Errors;
using CertCreds.Output;
using CertCreds.Platform;
using CertCreds.Providers;

namespace CertCreds.Cli.Discovery;

/// <summary>
/// <c>--discover-endpoint --region R</c>: asks IoT <c>DescribeEndpoint</c> (<c>endpointType=iot:CredentialProvider</c>)
/// for the account's credentials endpoint, signed with the caller's own AWS keys (environment, else the static keys
/// of <c>AWS_PROFILE</c>/default in the credentials file). <c>AWS_ENDPOINT_URL_IOT</c> or <c>AWS_ENDPOINT_URL</c>
/// redirect the call, as in the AWS SDKs (tests point it at moto).
/// </summary>
internal sealed class EndpointDiscovery
{
    public Option<bool> Discover { get; } = new("--discover-endpoint") { Description = "Find the credentials endpoint with IoT DescribeEndpoint, using your existing AWS credentials" };

    public Option<string> Region { get; } = new("--region") { Description = "AWS region for --discover-endpoint (default: AWS_REGION, AWS_DEFAULT_REGION)", HelpName = "REGION" };

    public void AddTo(Command command)
    {
        command.Options.Add(Discover);
        command.Options.Add(Region);
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

        var region = result.GetValue(Region) ?? context.GetEnvironmentVariable("AWS_REGION") ?? context.GetEnvironmentVariable("AWS_DEFAULT_REGION");
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
        var keys = Keys(context);
        var baseUrl = context.GetEnvironmentVariable("AWS_ENDPOINT_URL_IOT") ?? context.GetEnvironmentVariable("AWS_ENDPOINT_URL") ?? $"https://iot.{region}.amazonaws.com";
        if (!Uri.TryCreate(baseUrl.TrimEnd('/') + "/endpoint?endpointType=iot%3ACredentialProvider", UriKind.Absolute, out var uri))
        {
            throw new UsageException($"the IoT endpoint URL '{baseUrl}' is not a URL", "fix AWS_ENDPOINT_URL_IOT / AWS_ENDPOINT_URL");
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        foreach (var (name, value) in SigV4Signer.SignGet(uri, region, "iot", keys, context.Clock.GetUtcNow()))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new TransientException($"IoT DescribeEndpoint at {uri.Host} could not be reached ({NetworkFault.Describe(e)})", "check network access, or pass --endpoint yourself (aws iot describe-endpoint --endpoint-type iot:CredentialProvider)", null, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransientException($"IoT DescribeEndpoint at {uri.Host} did not answer within 15 s", "check network access, or pass --endpoint yourself", null, e);
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var words = ResponseInterpreter.Sanitize(System.Text.Encoding.UTF8.GetString(body));
                throw new RejectedException(
                    $"IoT DescribeEndpoint refused the request: {(int)response.StatusCode} {words}",
                    "the caller's AWS credentials need iot:DescribeEndpoint in this region; or pass --endpoint yourself",
                    (int)response.StatusCode,
                    words,
                    null);
            }

            DescribeEndpointResponse? document = null;
            try
            {
                document = JsonSerializer.Deserialize(body, CliJsonContext.Default.DescribeEndpointResponse);
            }
            catch (JsonException)
            {
                // Reported below as an answer without an address.
            }

            var address = document?.EndpointAddress;
            if (string.IsNullOrEmpty(address))
            {
                throw new InvalidResponseException("IoT DescribeEndpoint answered without an endpointAddress", "pass --endpoint yourself (aws iot describe-endpoint --endpoint-type iot:CredentialProvider)");
            }

            return IotEndpoint.Parse(address).Authority;
        }
    }

    private static AwsKeys Keys(CliContext context)
    {
        var id = context.GetEnvironmentVariable("AWS_ACCESS_KEY_ID");
        var secret = context.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY");
        if (!string.IsNullOrEmpty(id) && !string.IsNullOrEmpty(secret))
        {
            var token = context.GetEnvironmentVariable("AWS_SESSION_TOKEN");
            return new AwsKeys(id, secret, string.IsNullOrEmpty(token) ? null : token);
        }

        var profile = context.GetEnvironmentVariable("AWS_PROFILE") ?? "default";
        var path = AwsFilePaths.Credentials(context);
        var values = AwsFileEditor.ReadProfile(SharedFileEditor.ReadText(path), AwsFileKind.Credentials, profile);
        if (values is not null && values.TryGetValue("aws_access_key_id", out var fileId) && values.TryGetValue("aws_secret_access_key", out var fileSecret))
        {
            return new AwsKeys(fileId, fileSecret, values.GetValueOrDefault("aws_session_token"));
        }

        throw new UsageException(
            $"--discover-endpoint needs your AWS credentials: none in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or as static keys of profile '{profile}' in {path}",
            "export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (e.g. eval \"$(aws configure export-credentials --format env)\"), or pass --endpoint yourself");
    }
}
