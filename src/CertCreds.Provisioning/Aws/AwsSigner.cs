using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.SecurityToken;

namespace CertCreds.Provisioning.Aws;

/// <summary>
/// Signs <see cref="AwsRequest"/>s with AWSSDK.Core's own SigV4 signer (<see cref="AWS4Signer"/>), the code every
/// .NET SDK client signs with: canonical path (double-encoded as for every service but S3), query, headers and
/// payload hash are the SDK's, not ours. Pure apart from the SDK: the time is a parameter.
/// </summary>
internal static class AwsSigner
{
    /// <summary>A request carrying no operation of its own: the SDK's request object wants one to exist.</summary>
    private sealed class NoOperation : AmazonWebServiceRequest;

    /// <summary>The URL to call and the headers to send (Host excluded: HttpClient sets it from the URL).</summary>
    public static SignedRequest Sign(AwsRequest request, Uri baseUri, string region, string service, ImmutableCredentials credentials, DateTime signedAtUtc)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(baseUri);
        ArgumentNullException.ThrowIfNull(credentials);
        using var sdkRequest = new DefaultRequest(new NoOperation(), service)
        {
            HttpMethod = request.Method,
            Endpoint = baseUri,
            ResourcePath = request.Path,
            AuthenticationRegion = region,
            OverrideSigningServiceName = service,
            UseQueryString = request.Query.Count > 0,
            Content = request.Body,
        };
        foreach (var (name, value) in request.Query)
        {
            sdkRequest.Parameters[name] = value;
        }

        foreach (var (name, value) in request.PathValues)
        {
            sdkRequest.AddPathResource("{" + name + "}", Amazon.Runtime.Internal.Util.StringUtils.FromString(value));
        }

        foreach (var (name, value) in request.Headers)
        {
            sdkRequest.Headers[name] = value;
        }

        if (request.ContentType is not null)
        {
            sdkRequest.Headers["Content-Type"] = request.ContentType;
        }

        if (credentials.UseToken)
        {
            sdkRequest.Headers["X-Amz-Security-Token"] = credentials.Token;
        }

        // Any concrete client configuration will do: the signer reads only the signing region and service from it,
        // and both are set on the request. STS's is the one this binary already carries.
        var config = new AmazonSecurityTokenServiceConfig { AuthenticationRegion = region };
        var signer = new AWS4Signer(signPayload: true);
        var result = signer.SignRequest(sdkRequest, config, null, credentials.AccessKey, credentials.SecretKey, signedAtUtc);
        sdkRequest.Headers["Authorization"] = result.ForAuthorizationHeader;
        if (credentials.UseToken && !sdkRequest.Headers.ContainsKey("X-Amz-Security-Token"))
        {
            sdkRequest.Headers["X-Amz-Security-Token"] = credentials.Token;
        }

        var headers = sdkRequest.Headers
            .Where(h => !h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase))
            .Select(h => new KeyValuePair<string, string>(h.Key, h.Value))
            .ToList();
        return new SignedRequest(AmazonServiceClient.ComposeUrl(sdkRequest), headers);
    }
}
