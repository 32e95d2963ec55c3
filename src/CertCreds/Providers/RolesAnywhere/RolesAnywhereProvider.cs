using CertCreds.Certificates;
using CertCreds.Credentials;
using CertCreds.Platform;

namespace CertCreds.Providers.RolesAnywhere;

/// <summary>
/// Fetches temporary credentials from IAM Roles Anywhere's CreateSession, signing each attempt with SigV4-X509
/// and a fresh date: one deadline for the whole call, retries with backoff on 429, throttling, 5xx and transport
/// failures, never on other 4xx (the shared <see cref="CredentialExchangeLoop"/>). The handler should come from
/// <see cref="RolesAnywhereHandlerFactory"/> (server-authenticated TLS, no client certificate).
/// </summary>
/// <param name="proxy">The proxy the handler tunnels through, if any: a connection failure is then the proxy's, and is reported so.</param>
public sealed class RolesAnywhereProvider(HttpMessageInvoker http, TimeProvider clock, TlsFailureRecorder tls, Func<double> jitter, Tracer? trace = null, Uri? proxy = null)
{
    private static readonly string UserAgent = "certcreds/" + typeof(RolesAnywhereProvider).Assembly.GetName().Version?.ToString(3);

    private readonly CredentialExchangeLoop loop = new(http, clock, tls, jitter, trace, proxy);

    /// <summary>How many requests this instance has sent (for traces and tests).</summary>
    public int Attempts => loop.Attempts;

    /// <summary>False for background refreshers: a 429 ends the call after one request (<see cref="CredentialExchangeLoop.RetryThrottling"/>).</summary>
    public bool RetryThrottling
    {
        get => loop.RetryThrottling;
        init => loop.RetryThrottling = value;
    }

    /// <param name="request">What to ask for.</param>
    /// <param name="identity">The signing certificate with its private key (RSA or EC), and the intermediates to send in X-Amz-X509-Chain.</param>
    /// <param name="timeout">The deadline for the whole call, retries included.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<TemporaryCredentials> FetchAsync(RolesAnywhereRequest request, DeviceIdentity identity, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(identity);
        // An unusable key is the identity's fault: say so before any connection.
        SigV4X509Signer.AlgorithmFor(identity.Certificate);
        return loop.RunAsync(new RolesAnywhereExchange(request, identity, UserAgent, trace), timeout, cancellationToken);
    }
}
