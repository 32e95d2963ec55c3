using System.Globalization;
using System.Net;
using System.Security.Authentication;
using CertCreds.Credentials;
using CertCreds.Errors;
using CertCreds.Platform;

namespace CertCreds.Providers;

/// <summary>
/// The part every credential source shares: one deadline for the whole call, retries with backoff on 429, 5xx
/// and transport failures (never on other 4xx), a fresh request per attempt, bounded answers, and transport,
/// proxy and TLS failures told in plain words. What a request is and what an answer means is the
/// <see cref="ICredentialExchange"/>'s business. One instance per call; not for concurrent use.
/// </summary>
/// <param name="proxy">The proxy the handler tunnels through, if any: a connection failure is then the proxy's, and is reported so.</param>
public sealed class CredentialExchangeLoop(HttpMessageInvoker http, TimeProvider clock, TlsFailureRecorder tls, Func<double> jitter, Tracer? trace = null, Uri? proxy = null)
{
    /// <summary>The header AWS services put their request id in.</summary>
    public const string RequestIdHeader = "x-amzn-RequestId";

    /// <summary>The header AWS services name the error type in.</summary>
    public const string ErrorTypeHeader = "x-amzn-ErrorType";

    /// <summary>How many requests this instance has sent (for traces and tests).</summary>
    public int Attempts { get; private set; }

    /// <summary>
    /// True (the default) for a call someone waits for (credential-process, doctor): a 429 is retried within the
    /// deadline like any transient failure. False for background refreshers (serve, exec, the SDK library), which
    /// have their own retry schedule: a throttled fetch then ends after that one request, so a throttled fleet
    /// sends one request per device per refresher retry instead of up to <see cref="BackoffPolicy.MaxAttempts"/>
    /// (bench/fleet/results.md). Connection failures and 5xx are still retried within the call.
    /// </summary>
    public bool RetryThrottling { get; set; } = true;

    public async Task<TemporaryCredentials> RunAsync(ICredentialExchange exchange, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        using var deadline = new CancellationTokenSource(timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        var started = clock.GetTimestamp();
        AttemptOutcome.Retryable? last = null;
        for (var attempt = 1; ; attempt++)
        {
            AttemptOutcome outcome;
            try
            {
                Attempts++;
                trace?.Write($"{exchange.DescribeAttempt(attempt)}");
                var sent = clock.GetTimestamp();
                (outcome, var status) = await AttemptAsync(exchange, linked.Token).ConfigureAwait(false);
                if (outcome is AttemptOutcome.Success ok)
                {
                    trace?.Write($"{status} in {Milliseconds(clock.GetElapsedTime(sent))} ms, credentials {ok.Credentials.AccessKeyId} until {ok.Credentials.Expiration:O} (request id {ok.RequestId})");
                }
                else if (outcome is AttemptOutcome.Retryable failed)
                {
                    trace?.Write($"retryable after {Milliseconds(clock.GetElapsedTime(sent))} ms: {failed.Reason}");
                }
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw DeadlinePassed(exchange, timeout, last);
            }

            if (outcome is AttemptOutcome.Success success)
            {
                return success.Credentials;
            }

            last = (AttemptOutcome.Retryable)outcome;
            if (last.Status == 429 && !RetryThrottling)
            {
                trace?.Write($"throttled: no retry within this call; the refresher retries on its own schedule");
                throw GaveUp(exchange, last, attempt);
            }

            var remaining = timeout - clock.GetElapsedTime(started);
            var delay = BackoffPolicy.NextDelay(attempt, last.RetryAfter, remaining, jitter());
            if (delay is null)
            {
                throw GaveUp(exchange, last, attempt);
            }

            trace?.Write($"waiting {Milliseconds(delay.Value)} ms before attempt {attempt + 1}");

            try
            {
                await Task.Delay(delay.Value, clock, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw GaveUp(exchange, last, attempt);
            }
        }
    }

    private async Task<(AttemptOutcome Outcome, int? Status)> AttemptAsync(ICredentialExchange exchange, CancellationToken cancellationToken)
    {
        using var message = exchange.CreateRequest(clock.GetUtcNow());
        try
        {
            using var response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var requestId = response.Headers.TryGetValues(RequestIdHeader, out var ids) ? ids.FirstOrDefault() : null;
            var errorType = response.Headers.TryGetValues(ErrorTypeHeader, out var types) ? types.FirstOrDefault() : null;
            var retryAfter = RetryAfter(response);
            var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            if (body is null)
            {
                if (exchange.IsSuccess(status))
                {
                    throw new InvalidResponseException(
                        $"the endpoint {exchange.Endpoint} answered {status.ToString(CultureInfo.InvariantCulture)} with a body over {ResponseInterpreter.MaxBodyBytes} bytes",
                        exchange.ForeignAnswerHint);
                }

                body = [];
            }

            var answer = new ProviderAnswer(status, requestId, retryAfter, response.Content.Headers.ContentType?.MediaType, errorType, response.Headers.Date, body);
            return (exchange.Interpret(answer, clock.GetUtcNow()), status);
        }
        catch (HttpRequestException e)
        {
            return (Classify(exchange, e), null);
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            return (new AttemptOutcome.Retryable($"the connection broke while reading the answer ({NetworkFault.Describe(e)})", null, null), null);
        }
    }

    private AttemptOutcome.Retryable Classify(ICredentialExchange exchange, HttpRequestException e)
    {
        // Words from types, HttpRequestError and status codes only: the AOT build strips exception messages to resource keys.
        if (e.HttpRequestError == HttpRequestError.ProxyTunnelError && proxy is not null)
        {
            var status = NetworkFault.ProxyStatus(e);
            var shown = $"the proxy {ProxyName} refused to open a tunnel to {exchange.Endpoint}" + (status is null ? string.Empty : $" (status {status})");
            switch (status)
            {
                case 407:
                    throw new TransientException(shown + ": it wants a user name and password", "put the proxy's user name and password in the HTTPS_PROXY URL, before the host (USER:PASSWORD@)", 407, e);
                case 403:
                    throw new TransientException(shown + ": it forbids that destination", $"ask the proxy's administrator to allow CONNECT to {exchange.Endpoint}, or exempt the host with NO_PROXY={exchange.Host}", 403, e);
                default:
                    return new AttemptOutcome.Retryable(shown, null, null);
            }
        }

        if (proxy is not null && e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            // Every connection goes to the proxy first: a refused or unresolvable one is the proxy's, not the endpoint's.
            return new AttemptOutcome.Retryable($"could not reach the proxy {ProxyName} from HTTPS_PROXY ({NetworkFault.Describe(e)})", null, null);
        }

        if (e.InnerException is AuthenticationException || e.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            var why = tls.LastFailure;
            if (why is not null)
            {
                throw new TrustException(
                    $"the endpoint {exchange.Endpoint} is not trusted: {why}",
                    "leave --ca-cert out for AWS endpoints (the Amazon roots are built in), or pass the CA that issued this server's certificate with --ca-cert",
                    e);
            }

            if (NetworkFault.IsPlainTextAnswer(e))
            {
                throw new TrustException(
                    $"{exchange.Endpoint} did not answer with TLS: a plain-HTTP server (or another protocol) listens on that port",
                    exchange.PlainTextHint,
                    e);
            }

            var tlsReason = NetworkFault.TlsReason(e);
            throw new TrustException(
                $"the TLS handshake with {exchange.Endpoint} failed" + (tlsReason.Length == 0 ? string.Empty : $" ({tlsReason})"),
                exchange.HandshakeHint,
                e);
        }

        if (e.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            throw new InvalidResponseException(
                $"the endpoint {exchange.Endpoint} answered with response headers over {MutualTlsHandlerFactory.MaxResponseHeadersKilobytes} KB",
                exchange.ForeignAnswerHint,
                e);
        }

        var reason = e.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => $"the host name {exchange.Host} could not be resolved",
            HttpRequestError.ConnectionError => $"could not connect to {exchange.Endpoint} ({NetworkFault.Describe(e)})",
            _ => $"the request to {exchange.Endpoint} failed ({NetworkFault.Describe(e)})",
        };
        return new AttemptOutcome.Retryable(reason, null, null);
    }

    /// <summary>The proxy's host and port, never its user name or password.</summary>
    private string ProxyName => proxy is null ? string.Empty : $"{proxy.Host}:{proxy.Port}";

    private static string Milliseconds(TimeSpan time) => time.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date && response.Headers.Date is { } now)
        {
            return date - now;
        }

        return null;
    }

    /// <summary>Reads at most <see cref="ResponseInterpreter.MaxBodyBytes"/>; null when the body is larger.</summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Content.Headers.ContentLength > ResponseInterpreter.MaxBodyBytes)
        {
            return null;
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[ResponseInterpreter.MaxBodyBytes + 1];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return total > ResponseInterpreter.MaxBodyBytes ? null : buffer.AsSpan(0, total).ToArray();
        }
    }

    private static TransientException DeadlinePassed(ICredentialExchange exchange, TimeSpan timeout, AttemptOutcome.Retryable? last)
    {
        // Rounded up to a tenth: a deadline shortened by milliseconds of local work before the first request (identity
        // loading, lock waiting) should still read as the user's --timeout.
        var seconds = (Math.Ceiling(Math.Round(timeout.TotalSeconds * 10, 3)) / 10).ToString("0.#", CultureInfo.InvariantCulture);
        var detail = last is null ? string.Empty : $"; the last failure was: {last.Reason}";
        return new TransientException(
            $"no credentials from {exchange.Endpoint} within the {seconds} s deadline{detail}",
            "check network access to the endpoint (firewall, DNS, HTTPS_PROXY) and try again; raise --timeout for slow links",
            last?.Status);
    }

    private static TransientException GaveUp(ICredentialExchange exchange, AttemptOutcome.Retryable last, int attempts)
    {
        var hint = last.Status == 429
            ? exchange.RateLimitHint
            : last.Status is >= 500
                ? exchange.ServiceTroubleHint
                : "check network access to the endpoint (firewall, DNS, HTTPS_PROXY) and try again";
        return new TransientException(
            $"the endpoint {exchange.Endpoint} kept failing after {attempts} attempt{(attempts == 1 ? string.Empty : "s")}: {last.Reason}",
            hint,
            last.Status)
        {
            RetryAfter = last.RetryAfter,
        };
    }
}
