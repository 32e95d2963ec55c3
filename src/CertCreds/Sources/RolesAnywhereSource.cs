using System.Globalization;
using CertCreds.Certificates;
using CertCreds.Credentials;
using CertCreds.Errors;
using CertCreds.Providers;
using CertCreds.Providers.RolesAnywhere;

namespace CertCreds.Sources;

/// <summary>
/// IAM Roles Anywhere (<c>POST /sessions</c> signed with SigV4-X509 by the device key, over server-authenticated
/// TLS), through <see cref="RolesAnywhereProvider"/>.
/// </summary>
public sealed class RolesAnywhereSource(RolesAnywhereRequest request) : ICredentialSource
{
    public const string SourceKind = "rolesanywhere";

    private static readonly string UserAgent = "certcreds/" + typeof(RolesAnywhereSource).Assembly.GetName().Version?.ToString(3);

    public RolesAnywhereRequest Request { get; } = request ?? throw new ArgumentNullException(nameof(request));

    public string Kind => SourceKind;

    public string Host => Request.Endpoint.Host;

    public int Port => Request.Endpoint.Port;

    public string Description =>
        $"IAM Roles Anywhere {Request.Endpoint} ({Request.Region}), profile {Request.ProfileArn.ResourceId}, role {Request.RoleArn.Text}, {Request.DurationSeconds} s{(Request.RoleSessionName is null ? string.Empty : $", session {Request.RoleSessionName}")}";

    /// <summary>Everything CreateSession is asked with: any change is another session, so another entry.</summary>
    public IReadOnlyList<string?> CacheKeyParts =>
    [
        Request.Endpoint.Authority,
        Request.Region,
        Request.TrustAnchorArn.Text,
        Request.ProfileArn.Text,
        Request.RoleArn.Text,
        Request.DurationSeconds.ToString(CultureInfo.InvariantCulture),
        Request.RoleSessionName,
    ];

    /// <summary>The last path segment of the role ARN (<c>role/path/NAME</c> → <c>NAME</c>), as EC2's IMDS lists roles.</summary>
    public string RoleName
    {
        get
        {
            var id = Request.RoleArn.ResourceId;
            var slash = id.LastIndexOf('/');
            return slash < 0 ? id : id[(slash + 1)..];
        }
    }

    /// <summary>
    /// The options in aws_signing_helper's order; the endpoint only when it is not the region's own (the FIPS host is
    /// written as <c>--endpoint</c>, the one form every version reads), the duration only when not the default, so a
    /// configured line stays as short as the one a user would write.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string?>> CommandLineOptions =>
    [
        new("--trust-anchor-arn", Request.TrustAnchorArn.Text),
        new("--profile-arn", Request.ProfileArn.Text),
        new("--role-arn", Request.RoleArn.Text),
        new("--endpoint", IsRegionEndpoint ? null : Request.Endpoint.Authority),
        new("--session-duration", Request.DurationSeconds == Protocol.RolesAnywhereProtocol.DefaultDurationSeconds ? null : Request.DurationSeconds.ToString(CultureInfo.InvariantCulture)),
        new("--role-session-name", Request.RoleSessionName),
    ];

    public string LongerLifetimeFix =>
        $"pass a longer --session-duration (now {Request.DurationSeconds.ToString(CultureInfo.InvariantCulture)} s, up to 43200) and make sure the profile's durationSeconds and the role's MaxSessionDuration allow it (aws rolesanywhere update-profile --profile-id {Request.ProfileArn.ResourceId} --duration-seconds 3600)";

    public string? EndpointWarning
    {
        get
        {
            var host = Request.Endpoint.Host;
            if (host.Contains(".iot.", StringComparison.OrdinalIgnoreCase) || host.Contains("credentials.iot", StringComparison.OrdinalIgnoreCase))
            {
                return $"{host} looks like an AWS IoT endpoint, not IAM Roles Anywhere — leave --endpoint out to use {RolesAnywhereEndpoint.ForRegion(Request.Region, false)}";
            }

            if (host.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase) && !host.StartsWith("rolesanywhere", StringComparison.OrdinalIgnoreCase) && !host.Contains(".vpce.", StringComparison.OrdinalIgnoreCase))
            {
                return $"{host} does not look like an IAM Roles Anywhere endpoint (rolesanywhere.REGION.amazonaws.com)";
            }

            var region = RegionOfServiceHost(host);
            return region is not null && region != Request.Region
                ? $"{host} is in {region} but the trust anchor and profile are in {Request.Region}: CreateSession there will not find them — leave --endpoint out"
                : null;
        }
    }

    private bool IsRegionEndpoint => Request.Endpoint == RolesAnywhereEndpoint.ForRegion(Request.Region, false);

    public SocketsHttpHandler CreateHandler(DeviceIdentity identity, TrustAnchors anchors, SourceTransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        return RolesAnywhereHandlerFactory.Create(anchors, transport.Recorder, transport.Proxy, transport.ConnectTimeout);
    }

    public async Task<TemporaryCredentials> FetchAsync(DeviceIdentity identity, SourceConnection connection, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var provider = new RolesAnywhereProvider(connection.Http, connection.Clock, connection.Tls, connection.Jitter, connection.Trace, connection.Proxy) { RetryThrottling = connection.RetryThrottling };
        try
        {
            return await provider.FetchAsync(Request, identity, timeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            connection.CountAttempts(provider.Attempts);
        }
    }

    public async Task<SourceProbe> ProbeAsync(DeviceIdentity identity, SourceConnection connection, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(connection);
        const string Line = "POST " + Protocol.RolesAnywhereProtocol.SessionsPath;
        RolesAnywhereExchange exchange;
        HttpRequestMessage message;
        try
        {
            SigV4X509Signer.AlgorithmFor(identity.Certificate);
            exchange = new RolesAnywhereExchange(Request, identity, UserAgent, connection.Trace);
            message = exchange.CreateRequest(connection.Clock.GetUtcNow());
        }
        catch (CertCredsException e)
        {
            return new SourceProbe(Line, null, null, null, null, e);
        }

        using (message)
        {
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
                return new SourceProbe(Line, null, null, null, null, e);
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                var date = response.Headers.Date;
                var requestId = response.Headers.TryGetValues(CredentialExchangeLoop.RequestIdHeader, out var ids) ? ids.FirstOrDefault() : null;
                var errorType = response.Headers.TryGetValues(CredentialExchangeLoop.ErrorTypeHeader, out var types) ? types.FirstOrDefault() : null;
                byte[]? body;
                try
                {
                    body = await CredentialExchangeLoop.ReadBodyAsync(response, deadline.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    return new SourceProbe(Line, status, date, requestId, null, e);
                }

                try
                {
                    if (body is null)
                    {
                        throw new InvalidResponseException($"the endpoint answered {status.ToString(CultureInfo.InvariantCulture)} with a body over {ResponseInterpreter.MaxBodyBytes} bytes", exchange.ForeignAnswerHint);
                    }

                    var answer = new ProviderAnswer(status, requestId, null, response.Content.Headers.ContentType?.MediaType, errorType, date, body);
                    return new SourceProbe(Line, status, date, requestId, exchange.Interpret(answer, connection.Clock.GetUtcNow()), null);
                }
                catch (CertCredsException e)
                {
                    return new SourceProbe(Line, status, date, requestId, null, e);
                }
            }
        }
    }

    public override string ToString() => Description;

    /// <summary>REGION of <c>rolesanywhere[-fips].REGION.amazonaws.com[.cn]</c>, else null.</summary>
    private static string? RegionOfServiceHost(string host)
    {
        var labels = host.Split('.');
        return labels.Length >= 4 && labels[0] is "rolesanywhere" or "rolesanywhere-fips" && RolesAnywhereArn.IsValidRegion(labels[1]) ? labels[1].ToLowerInvariant() : null;
    }
}
