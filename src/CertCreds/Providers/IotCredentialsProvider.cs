using CertCreds.Credentials;
using CertCreds.Platform;

namespace CertCreds.Providers;

/// <summary>
/// Fetches temporary credentials from the AWS IoT credentials provider: one deadline for the whole call,
/// retries with backoff on 429, 5xx and transport failures, never on 4xx (the shared <see cref="CredentialExchangeLoop"/>).
/// </summary>
/// <param name="proxy">The proxy the handler tunnels through, if any: a connection failure is then the proxy's, and is reported so.</param>
public sealed class IotCredentialsProvider(HttpMessageInvoker http, TimeProvider clock, TlsFailureRecorder tls, Func<double> jitter, Tracer? trace = null, Uri? proxy = null)
{
    private static readonly string UserAgent = "certcreds/" + typeof(IotCredentialsProvider).Assembly.GetName().Version?.ToString(3);

    private readonly CredentialExchangeLoop loop = new(http, clock, tls, jitter, trace, proxy);

    /// <summary>How many requests this instance has sent (for traces and tests).</summary>
    public int Attempts => loop.Attempts;

    /// <summary>False for background refreshers: a 429 ends the call after one request (<see cref="CredentialExchangeLoop.RetryThrottling"/>).</summary>
    public bool RetryThrottling
    {
        get => loop.RetryThrottling;
        init => loop.RetryThrottling = value;
    }

    public Task<TemporaryCredentials> FetchAsync(IotCredentialsRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return loop.RunAsync(new IotExchange(request, UserAgent), timeout, cancellationToken);
    }

    /// <summary>Reads at most <see cref="ResponseInterpreter.MaxBodyBytes"/>; null when the body is larger.</summary>
    public static Task<byte[]?> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        CredentialExchangeLoop.ReadBodyAsync(response, cancellationToken);
}
