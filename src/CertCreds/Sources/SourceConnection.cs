using CertCreds.Platform;
using CertCreds.Providers;

namespace CertCreds.Sources;

/// <summary>
/// One call's connection to a source: the HTTP invoker over the source's own handler, plus what a provider needs
/// around it. Counts the requests sent through it (for traces, tests and the SDK library's counter).
/// </summary>
/// <param name="proxy">The proxy the handler tunnels through, if any: a connection failure is then the proxy's.</param>
public sealed class SourceConnection(HttpMessageInvoker http, TlsFailureRecorder tls, TimeProvider clock, Func<double> jitter, Tracer trace, Uri? proxy)
{
    private int attempts;

    public HttpMessageInvoker Http { get; } = http;

    public TlsFailureRecorder Tls { get; } = tls;

    public TimeProvider Clock { get; } = clock;

    /// <summary>A number in [0, 1) for backoff jitter.</summary>
    public Func<double> Jitter { get; } = jitter;

    public Tracer Trace { get; } = trace;

    public Uri? Proxy { get; } = proxy;

    /// <summary>
    /// False when a background refresher makes this call: a source then builds its provider with
    /// <c>RetryThrottling = false</c>, so a 429 ends the call after one request and the refresher's schedule retries.
    /// </summary>
    public bool RetryThrottling { get; init; } = true;

    /// <summary>Requests sent through this connection so far.</summary>
    public int Attempts => Volatile.Read(ref attempts);

    public void CountAttempts(int count) => Interlocked.Add(ref attempts, count);
}
