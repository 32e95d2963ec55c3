using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using CertCreds.Certificates;
using CertCreds.Platform;
using CertCreds.Protocol;

namespace CertCreds.Providers.RolesAnywhere;

/// <summary>IAM Roles Anywhere's part of the shared loop: a CreateSession POST, signed again with SigV4-X509 for every attempt.</summary>
internal sealed class RolesAnywhereExchange(RolesAnywhereRequest request, DeviceIdentity identity, string userAgent, Tracer? trace) : ICredentialExchange
{
    private readonly byte[] body = request.Body();
    private readonly X509Certificate2[] intermediates = [.. identity.Intermediates];
    private readonly SignerFacts facts = new(identity.Certificate.Issuer, identity.Intermediates.Count);

    public string Endpoint => request.Endpoint.ToString();

    public string Host => request.Endpoint.Host;

    public string DescribeAttempt(int attempt) =>
        $"POST {request.Uri} (attempt {attempt}, {request.DurationSeconds} s{(request.RoleSessionName is null ? string.Empty : ", session " + request.RoleSessionName)})";

    public HttpRequestMessage CreateRequest(DateTimeOffset now)
    {
        var signed = SigV4X509Signer.Sign(
            new SigV4X509Request("POST", request.Endpoint.Authority, RolesAnywhereProtocol.SessionsPath, request.QueryParameters, [new("Content-Type", RolesAnywhereProtocol.ContentType)], body),
            request.Region,
            identity.Certificate,
            intermediates,
            now);
        trace?.Write($"signed with {signed.Algorithm} as serial {signed.SerialNumber}, scope {signed.Scope}, headers {signed.SignedHeaders}");

        var message = new HttpRequestMessage(HttpMethod.Post, request.Uri)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            // Exactly the bytes and the one Content-Type that were signed (StringContent would add "; charset=utf-8").
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue(RolesAnywhereProtocol.ContentType) } },
        };
        message.Headers.Host = request.Endpoint.Authority;
        message.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        foreach (var (name, value) in signed.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }

    public bool IsSuccess(int status) => status is 200 or RolesAnywhereProtocol.CreatedStatus;

    public AttemptOutcome Interpret(ProviderAnswer answer, DateTimeOffset now) => RolesAnywhereResponseInterpreter.Interpret(answer, request, facts, now);

    public string ForeignAnswerHint => "this is not how IAM Roles Anywhere answers: check --endpoint and any proxy in between";

    public string PlainTextHint => "check --endpoint and its port: IAM Roles Anywhere speaks HTTPS, by default on port 443";

    public string HandshakeHint =>
        "check that --endpoint is the IAM Roles Anywhere endpoint (or a VPC endpoint for it) and that nothing between ends TLS: a proxy must tunnel with CONNECT";

    public string RateLimitHint => "the CreateSession rate limit was hit: let certcreds cache credentials (it does unless told not to), spread calls out, and try again later";

    public string ServiceTroubleHint => "IAM Roles Anywhere is having trouble; try again shortly";
}
