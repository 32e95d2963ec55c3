using System.Net;

namespace CertCreds.Providers;

/// <summary>The AWS IoT credentials provider's part of the shared loop: one unsigned mTLS GET per attempt.</summary>
internal sealed class IotExchange(IotCredentialsRequest request, string userAgent) : ICredentialExchange
{
    public string Endpoint => request.Endpoint.ToString();

    public string Host => request.Endpoint.Host;

    public string DescribeAttempt(int attempt) =>
        $"GET {request.Uri} (attempt {attempt}, {(request.ThingName is null ? "no thing header" : "thing " + request.ThingName)})";

    public HttpRequestMessage CreateRequest(DateTimeOffset now)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, request.Uri)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        message.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        if (request.ThingName is not null)
        {
            message.Headers.TryAddWithoutValidation(Protocol.IotProtocol.ThingNameHeader, request.ThingName);
        }

        return message;
    }

    public bool IsSuccess(int status) => status == 200;

    public AttemptOutcome Interpret(ProviderAnswer answer, DateTimeOffset now) =>
        ResponseInterpreter.Interpret(answer.Status, answer.RequestId, answer.RetryAfter, answer.Body.Span, request, now);

    public string ForeignAnswerHint => "this is not how the AWS IoT credentials provider answers: check --endpoint and any proxy in between";

    public string PlainTextHint => "check --endpoint and its port: the credentials provider speaks HTTPS, by default on port 443";

    public string HandshakeHint =>
        "check that the endpoint is the credentials endpoint and that nothing between ends TLS; if the server requires a client certificate, check that --certificate and --private-key are the registered device identity";

    public string RateLimitHint => "the AssumeRoleWithCertificate rate limit was hit: let certcreds cache credentials, spread calls out, and try again later";

    public string ServiceTroubleHint => "the credentials provider is having trouble; try again shortly";
}
