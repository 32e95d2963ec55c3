using System.Net;
using CertCreds.Certificates;
using CertCreds.Credentials;
using CertCreds.Errors;
using CertCreds.Protocol;
using CertCreds.Providers;

namespace CertCreds.Sources;

/// <summary>
/// The AWS IoT credentials provider (<c>GET /role-aliases/NAME/credentials</c> over mutual TLS with the device
/// certificate), through <see cref="IotCredentialsProvider"/>.
/// </summary>
public sealed class IotCredentialSource(IotCredentialsRequest request) : ICredentialSource
{
    public const string SourceKind = "iot";

    public IotCredentialsRequest Request { get; } = request ?? throw new ArgumentNullException(nameof(request));

    public string Kind => SourceKind;

    /// <summary>The IoT credentials provider authenticates the device by its TLS client certificate.</summary>
    public bool AuthenticatesTlsClient => true;

    public string Host => Request.Endpoint.Host;

    public int Port => Request.Endpoint.Port;

    public string Description => $"AWS IoT credentials provider {Request.Endpoint}, role alias {Request.RoleAlias}{(Request.ThingName is null ? string.Empty : $", thing {Request.ThingName}")}";

    /// <summary>Endpoint, role alias, thing name: the same entry ids as before sources existed.</summary>
    public IReadOnlyList<string?> CacheKeyParts => [Request.Endpoint.Authority, Request.RoleAlias, Request.ThingName];

    public string RoleName => Request.RoleAlias;

    public IReadOnlyList<KeyValuePair<string, string?>> CommandLineOptions =>
    [
        new("--endpoint", Request.Endpoint.Authority),
        new("--role-alias", Request.RoleAlias),
        new("--thing-name", Request.ThingName),
    ];

    public string LongerLifetimeFix => "raise the role alias's credentialDurationSeconds to 3600 or more (aws iot update-role-alias --credential-duration-seconds 3600)";

    public string? EndpointWarning
    {
        get
        {
            var endpoint = Request.Endpoint;
            if (endpoint.LooksLikeDataEndpoint)
            {
                return $"{endpoint.Host} looks like the IoT data endpoint (-ats), not the credentials endpoint — use 'aws iot describe-endpoint --endpoint-type iot:CredentialProvider'";
            }

            return endpoint.Host.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase) && !endpoint.LooksLikeCredentialsEndpoint
                ? $"{endpoint.Host} does not look like an IoT credentials endpoint (PREFIX.credentials.iot.REGION.amazonaws.com)"
                : null;
        }
    }

    public SocketsHttpHandler CreateHandler(DeviceIdentity identity, TrustAnchors anchors, SourceTransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        return MutualTlsHandlerFactory.Create(identity, anchors, transport.Recorder, transport.Proxy, transport.ConnectTimeout);
    }

    public async Task<TemporaryCredentials> FetchAsync(DeviceIdentity identity, SourceConnection connection, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var provider = new IotCredentialsProvider(connection.Http, connection.Clock, connection.Tls, connection.Jitter, connection.Trace, connection.Proxy) { RetryThrottling = connection.RetryThrottling };
        try
        {
            return await provider.FetchAsync(Request, timeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            connection.CountAttempts(provider.Attempts);
        }
    }

    public async Task<SourceProbe> ProbeAsync(DeviceIdentity identity, SourceConnection connection, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var line = $"GET {Request.Uri.AbsolutePath}";
        using var message = new HttpRequestMessage(HttpMethod.Get, Request.Uri) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        if (Request.ThingName is not null)
        {
            message.Headers.TryAddWithoutValidation(IotProtocol.ThingNameHeader, Request.ThingName);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        HttpResponseMessage response;
        try
        {
            connection.CountAttempts(1);
            response = await connection.Http.SendAsync(message, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new SourceProbe(line, null, null, null, null, e);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var date = response.Headers.Date;
            byte[]? body;
            try
            {
                // Bounded in size and in time: a server that trickles or never ends its body must not hold doctor.
                body = await IotCredentialsProvider.ReadBodyAsync(response, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return new SourceProbe(line, status, date, null, null, e);
            }

            var requestId = response.Headers.TryGetValues(IotProtocol.RequestIdHeader, out var ids) ? ids.FirstOrDefault() : null;
            try
            {
                if (body is null)
                {
                    throw new InvalidResponseException($"the endpoint answered {status} with a body over {ResponseInterpreter.MaxBodyBytes} bytes", "this is not the AWS IoT credentials provider: check --endpoint and any proxy");
                }

                var outcome = ResponseInterpreter.Interpret(status, requestId, null, body, Request, connection.Clock.GetUtcNow());
                return new SourceProbe(line, status, date, requestId, outcome, null);
            }
            catch (CertCredsException e)
            {
                return new SourceProbe(line, status, date, requestId, null, e);
            }
        }
    }

    public override string ToString() => Description;
}
