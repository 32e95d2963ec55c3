namespace CertCreds.Providers;

/// <summary>
/// What one credential source (the AWS IoT credentials provider, IAM Roles Anywhere) adds to the shared
/// <see cref="CredentialExchangeLoop"/>: how to build a request, what an answer means, and the words for the
/// failures the loop reports. The loop owns the deadline, backoff, transport and TLS errors.
/// </summary>
public interface ICredentialExchange
{
    /// <summary>The endpoint as messages show it: <c>HOST</c>, or <c>HOST:PORT</c> when the port is not 443.</summary>
    string Endpoint { get; }

    /// <summary>The endpoint's host name alone (for DNS failures and NO_PROXY hints).</summary>
    string Host { get; }

    /// <summary>One trace line for an attempt (no secrets).</summary>
    string DescribeAttempt(int attempt);

    /// <summary>A new request for each attempt: a signed request is signed again with <paramref name="now"/>.</summary>
    HttpRequestMessage CreateRequest(DateTimeOffset now);

    /// <summary>True for the status a successful answer has (a body over the limit is then an error, not a failure to retry).</summary>
    bool IsSuccess(int status);

    /// <summary>Credentials, a failure worth another try, or a typed exception.</summary>
    AttemptOutcome Interpret(ProviderAnswer answer, DateTimeOffset now);

    /// <summary>The hint when the answer cannot come from this service (oversized body or headers).</summary>
    string ForeignAnswerHint { get; }

    /// <summary>The hint when a plain-HTTP server (or another protocol) answers on the endpoint's port.</summary>
    string PlainTextHint { get; }

    /// <summary>The hint when the TLS handshake fails for a reason other than trust.</summary>
    string HandshakeHint { get; }

    /// <summary>The hint when the service kept throttling (429) until the attempts ran out.</summary>
    string RateLimitHint { get; }

    /// <summary>The hint when the service kept failing (5xx) until the attempts ran out.</summary>
    string ServiceTroubleHint { get; }
}
