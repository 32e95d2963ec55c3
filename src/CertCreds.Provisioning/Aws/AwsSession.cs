using Amazon.Runtime;
using CertCreds.Provisioning.Iam;
using CertCreds.Provisioning.Iot;

namespace CertCreds.Provisioning.Aws;

/// <summary>
/// The caller's AWS session for one command: credentials resolved once, one HTTP client, and the typed IoT and IAM
/// clients on the endpoints the environment names. Disposing it closes the HTTP client.
/// </summary>
internal sealed class AwsSession : IDisposable
{
    /// <summary>IAM is global and signs in us-east-1.</summary>
    private const string IamSigningRegion = "us-east-1";

    private readonly HttpClient http;

    private AwsSession(HttpClient http, IotClient iot, IamClient iam)
    {
        this.http = http;
        Iot = iot;
        Iam = iam;
    }

    public IotClient Iot { get; }

    public IamClient Iam { get; }

    public static async Task<AwsSession> OpenAsync(string region, string forWhat, Func<string, string?> environment, TimeProvider clock, CancellationToken cancellationToken)
    {
        var iotUri = AwsEndpoints.For("iot", region, environment);
        var iamUri = AwsEndpoints.For("iam", region, environment);
        var credentials = await CallerCredentials.ResolveAsync(region, forWhat, cancellationToken).ConfigureAwait(false);
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        return new AwsSession(
            http,
            new IotClient(new AwsTransport(http, iotUri, region, "iot", credentials, clock, IotErrors.Parse)),
            new IamClient(new AwsTransport(http, iamUri, IamSigningRegion, "iam", credentials, clock, IamErrors.Parse)));
    }

    public void Dispose() => http.Dispose();
}
