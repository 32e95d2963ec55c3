using System.Globalization;
using System.Net;
using System.Security.Authentication;
using CertCreds.Credentials;
using CertCreds.Errors;
using CertCreds.Platform;

namespace CertCreds.Providers;

/// <summary>
/// Fetches temporary credentials from the AWS IoT credentials provider: one deadline for the whole call,
/// retries with backoff on 429, 5xx and transport failures, never on 4xx.
/// </summary>
/// <param name="proxy">The proxy the handler tunnels through, if any: a connection failure is then the proxy's, and is reported so.</param>
public sealed class IotCredentialsProvider(HttpMessageInvoker http, TimeProvider clock, TlsFailureRecorder tls, Func<double> jitter, Tracer? trace = null, Uri? proxy = null)
{
    private static readonly string UserAgent = "certcreds/" + typeof(IotCredentialsProvider).Assembly.GetName().Version?.ToString(3);

    /// <summary>How many requests this instance has sent (for traces and tests).</summary>
    public int Attempts { get; private set; }

    public async Task<TemporaryCredentials> FetchAsync(IotCredentialsRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
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
                trace?.Write($"GET {request.Uri} (attempt {attempt}, {(request.ThingName is null ? "no thing header" : "thing " + request.ThingName)})");
                var sent = clock.GetTimestamp();
                outcome = await AttemptAsync(request, linked.Token).ConfigureAwait(false);
                if (outcome is AttemptOutcome.Success ok)
                {
                    trace?.Write($"200 in {Milliseconds(clock.GetElapsedTime(sent))} ms, credentials {ok.Credentials.AccessKeyId} until {ok.Credentials.Expiration:O} (request id {ok.RequestId})");
                }
                else if (outcome is AttemptOutcome.Retryable failed)
                {
                    trace?.Write($"retryable after {Milliseconds(clock.GetElapsedTime(sent))} ms: {failed.Reason}");
                }
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw DeadlinePassed(request, timeout, last);
            }

            if (outcome is AttemptOutcome.Success success)
            {
                return success.Credentials;
            }

            last = (AttemptOutcome.Retryable)outcome;
            var remaining = timeout - clock.GetElapsedTime(started);
            var delay = BackoffPolicy.NextDelay(attempt, last.RetryAfter, remaining, jitter());
            if (delay is null)
            {
                throw GaveUp(request, last, attempt);
            }

            trace?.Write($"waiting {Milliseconds(delay.Value)} ms before attempt {attempt + 1}");

            try
            {
                await Task.Delay(delay.Value, clock, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw GaveUp(request, last, attempt);
            }
        }
    }

    private async Task<AttemptOutcome> AttemptAsync(IotCredentialsRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, request.Uri)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        message.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        if (request.ThingName is not null)
        {
            message.Headers.TryAddWithoutValidation(Protocol.IotProtocol.ThingNameHeader, request.ThingName);
        }

        try
        {
            using var response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
            var requestId = response.Headers.TryGetValues(Protocol.IotProtocol.RequestIdHeader, out var ids) ? ids.FirstOrDefault() : null;
            var retryAfter = RetryAfter(response);
            var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            if (body is null)
            {
                if ((int)response.StatusCode == 200)
                {
                    throw new InvalidResponseException(
                        $"the endpoint {request.Endpoint} answered 200 with a body over {ResponseInterpreter.MaxBodyBytes} bytes",
                        "this is not how the AWS IoT credentials provider answers: check --endpoint and any proxy in between");
                }

                body = [];
            }

            return ResponseInterpreter.Interpret((int)response.StatusCode, requestId, retryAfter, body, request, clock.GetUtcNow());
        }
        catch (HttpRequestException e)
        {
            return Classify(request, e);
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new AttemptOutcome.Retryable($"the connection broke while reading the answer ({NetworkFault.Describe(e)})", null, null);
        }
    }

    private AttemptOutcome.Retryable Classify(IotCredentialsRequest request, HttpRequestException e)
    {
        // Words from types, HttpRequestError and status codes only: the AOT build strips exception messages to resource keys.
        if (e.HttpRequestError == HttpRequestError.ProxyTunnelError && proxy is not null)
        {
            var status = NetworkFault.ProxyStatus(e);
            var shown = $"the proxy {ProxyName} refused to open a tunnel to {request.Endpoint}" + (status is null ? string.Empty : $" (status {status})");
            switch (status)
            {
                case 407:
                    throw new TransientException(shown + ": it wants a user name and password", "put the proxy's user name and password in the HTTPS_PROXY URL, before the host (USER:PASSWORD@)", 407, e);
                case 403:
                    throw new TransientException(shown + ": it forbids that destination", $"ask the proxy's administrator to allow CONNECT to {request.Endpoint}, or exempt the host with NO_PROXY={request.Endpoint.Host}", 403, e);
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
                    $"the endpoint {request.Endpoint} is not trusted: {why}",
                    "leave --ca-cert out for AWS endpoints (the Amazon roots are built in), or pass the CA that issued this server's certificate with --ca-cert",
                    e);
            }

            if (NetworkFault.IsPlainTextAnswer(e))
            {
                throw new TrustException(
                    $"{request.Endpoint} did not answer with TLS: a plain-HTTP server (or another protocol) listens on that port",
                    "check --endpoint and its port: the credentials provider speaks HTTPS, by default on port 443",
                    e);
            }

            var tlsReason = NetworkFault.TlsReason(e);
            throw new TrustException(
                $"the TLS handshake with {request.Endpoint} failed" + (tlsReason.Length == 0 ? string.Empty : $" ({tlsReason})"),
                "check that the endpoint is the credentials endpoint and that nothing between ends TLS; if the server requires a client certificate, check that --certificate and --private-key are the registered device identity",
                e);
        }

        if (e.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            throw new InvalidResponseException(
                $"the endpoint {request.Endpoint} answered with response headers over {MutualTlsHandlerFactory.MaxResponseHeadersKilobytes} KB",
                "this is not how the AWS IoT credentials provider answers: check --endpoint and any proxy in between",
                e);
        }

        var reason = e.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => $"the host name {request.Endpoint.Host} could not be resolved",
            HttpRequestError.ConnectionError => $"could not connect to {request.Endpoint} ({NetworkFault.Describe(e)})",
            _ => $"the request to {request.Endpoint} failed ({NetworkFault.Describe(e)})",
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

    private static TransientException DeadlinePassed(IotCredentialsRequest request, TimeSpan timeout, AttemptOutcome.Retryable? last)
    {
        // Rounded: a deadline shortened by a few milliseconds of lock waiting should still read as the user's --timeout.
        var seconds = timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
        var detail = last is null ? string.Empty : $"; the last failure was: {last.Reason}";
        return new TransientException(
            $"no credentials from {request.Endpoint} within the {seconds} s deadline{detail}",
            "check network access to the endpoint (firewall, DNS, HTTPS_PROXY) and try again; raise --timeout for slow links",
            last?.Status);
    }

    private static TransientException GaveUp(IotCredentialsRequest request, AttemptOutcome.Retryable last, int attempts)
    {
        var hint = last.Status == 429
            ? "the AssumeRoleWithCertificate rate limit was hit: let certcreds cache credentials, spread calls out, and try again later"
            : last.Status is >= 500
                ? "the credentials provider is having trouble; try again shortly"
                : "check network access to the endpoint (firewall, DNS, HTTPS_PROXY) and try again";
        return new TransientException(
            $"the endpoint {request.Endpoint} kept failing after {attempts} attempt{(attempts == 1 ? string.Empty : "s")}: {last.Reason}",
            hint,
            last.Status);
    }
}
