using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CertCreds.Serving;

/// <summary>
/// The whole HTTP behaviour of <c>serve</c> as one pure function from request to response: the container
/// credentials endpoint at <see cref="ServeProtocol.ContainerPath"/> and an IMDSv2-compatible endpoint under
/// <c>/latest/</c>. Never answers with expired or missing credentials: 503 with a JSON error instead.
/// Before any route: requests from browsers and requests whose <c>Host</c> is a name that could have been rebound
/// to 127.0.0.1 are refused, so a web page cannot read either endpoint. IMDS, which has no caller secret, answers
/// only the user running certcreds unless <see cref="ImdsAccess.AnyLocalUser"/> is chosen.
/// Thread-safe: it reads <see cref="ServeState"/> lock-free and the token store under its own lock.
/// </summary>
public sealed class ServeRouter
{
    private readonly byte[] _containerToken;
    private readonly string _roleName;
    private readonly ServeState _state;
    private readonly ImdsTokenStore _tokens;
    private readonly TimeProvider _clock;
    private readonly ServeResponse _roleListing;
    private readonly ServeResponse _missingAuthorization;
    private readonly ServeResponse _wrongAuthorization;
    private readonly ServeResponse _imdsUnauthorized;
    private readonly ServeResponse _notFound;
    private readonly ServeResponse _methodNotAllowed;
    private readonly ServeResponse _forwarded;
    private readonly ServeResponse _badTtl;
    private readonly ServeResponse _imdsRemote;
    private readonly ServeResponse _imdsOtherUser;
    private readonly ServeResponse _imdsOff;
    private readonly ServeResponse _browser;
    private readonly ServeResponse _badHost;
    private readonly ImdsAccess _imds;

    /// <param name="containerToken">The secret clients must send verbatim in <c>Authorization</c>.</param>
    /// <param name="roleName">The name IMDS lists as the instance's role (the role alias: the IoT answer carries no role name).</param>
    /// <param name="imds">Who may use the IMDS endpoint.</param>
    public ServeRouter(string containerToken, string roleName, ServeState state, ImdsTokenStore tokens, TimeProvider clock, ImdsAccess imds = ImdsAccess.OwnerOnly)
    {
        ArgumentException.ThrowIfNullOrEmpty(containerToken);
        ArgumentException.ThrowIfNullOrEmpty(roleName);
        _containerToken = Encoding.UTF8.GetBytes(containerToken);
        _roleName = roleName;
        _state = state;
        _tokens = tokens;
        _clock = clock;
        _imds = imds;
        _roleListing = new ServeResponse(200, ServeResponse.Text, Encoding.UTF8.GetBytes(roleName));
        _missingAuthorization = Error(401, "Unauthorized", $"send the token in the Authorization header: set {ServeProtocol.AuthorizationTokenVariable} to the value certcreds serve printed");
        _wrongAuthorization = Error(403, "AccessDenied", "the Authorization header does not match this server's token");
        _imdsUnauthorized = Error(401, "Unauthorized", $"missing, unknown or expired {ServeProtocol.ImdsTokenHeader}: get one with PUT {ServeProtocol.ImdsTokenPath}");
        _notFound = Error(404, "NotFound", $"not found: the endpoints are {ServeProtocol.ContainerPath} and {ServeProtocol.ImdsCredentialsPath}/");
        _methodNotAllowed = Error(405, "MethodNotAllowed", $"use GET, or PUT for {ServeProtocol.ImdsTokenPath}");
        _forwarded = Error(403, "Forbidden", "requests carrying X-Forwarded-For are refused, as on EC2: IMDS tokens are not handed through proxies");
        _imdsRemote = Error(403, "Forbidden", "the IMDS endpoint answers only clients on this machine; remote clients use the container endpoint with its token");
        _imdsOtherUser = Error(403, "Forbidden", "the IMDS endpoint answers only processes of the user running certcreds serve, and this connection's owner is another user or could not be found; use the container endpoint with its token, or restart serve with --imds-any-local-user");
        _imdsOff = Error(404, "NotFound", $"not found: this server has only the container endpoint {ServeProtocol.ContainerPath}");
        _browser = Error(403, "Forbidden", "requests from web browsers (Origin or Sec-Fetch-* headers) are refused: a web page must not read credentials");
        _badHost = Error(403, "Forbidden", "the Host header must be this server's IP address or localhost, with its port: other names could point here by DNS rebinding");
        _badTtl = Error(400, "BadRequest", $"{ServeProtocol.ImdsTokenTtlHeader} must be a whole number of seconds from {ServeProtocol.MinImdsTokenTtlSeconds} to {ServeProtocol.MaxImdsTokenTtlSeconds}");
    }

    public ServeResponse Handle(ServeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.FromBrowser)
        {
            return _browser;
        }

        if (request.Local is null || !HostHeader.IsAcceptable(request.Host, request.Local))
        {
            return _badHost;
        }

        var path = request.Path.Contains("//", StringComparison.Ordinal) ? CollapseSlashes(request.Path) : request.Path;
        if (path == ServeProtocol.ContainerPath)
        {
            return Container(request);
        }

        if (path.StartsWith("/latest/", StringComparison.Ordinal))
        {
            if (_imds == ImdsAccess.Off)
            {
                return _imdsOff;
            }

            if (!request.FromLoopback)
            {
                // On a non-loopback address the IMDS endpoint would hand credentials to anyone on the network: its
                // PUT token proves nothing about the caller. EC2 relies on a hop limit we cannot have.
                return _imdsRemote;
            }

            if (_imds == ImdsAccess.OwnerOnly && request.Peer() != PeerUser.Owner)
            {
                // The same holds for other users of this machine; an unknown owner is a stranger too.
                return _imdsOtherUser;
            }
        }

        if (path == ServeProtocol.ImdsTokenPath)
        {
            return ImdsToken(request);
        }

        foreach (var prefix in (ReadOnlySpan<string>)[ServeProtocol.ImdsCredentialsPath, ServeProtocol.ImdsCredentialsExtendedPath])
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal) && (path.Length == prefix.Length || path[prefix.Length] == '/'))
            {
                return ImdsCredentials(request, path[prefix.Length..].Trim('/'));
            }
        }

        return _notFound;
    }

    private ServeResponse Container(ServeRequest request)
    {
        if (!IsRead(request.Method))
        {
            return _methodNotAllowed;
        }

        if (string.IsNullOrEmpty(request.Authorization))
        {
            return _missingAuthorization;
        }

        if (!TokenMatches(request.Authorization))
        {
            return _wrongAuthorization;
        }

        return Servable() is { } served ? served.ContainerAnswer : Unavailable();
    }

    private ServeResponse ImdsToken(ServeRequest request)
    {
        if (request.Method != "PUT")
        {
            return _methodNotAllowed;
        }

        if (request.HasForwardedFor)
        {
            return _forwarded;
        }

        if (!int.TryParse(request.ImdsTokenTtl, NumberStyles.None, CultureInfo.InvariantCulture, out var ttl)
            || ttl is < ServeProtocol.MinImdsTokenTtlSeconds or > ServeProtocol.MaxImdsTokenTtlSeconds)
        {
            return _badTtl;
        }

        var token = _tokens.Issue(ttl);
        return new ServeResponse(200, ServeResponse.Text, Encoding.UTF8.GetBytes(token), ttl.ToString(CultureInfo.InvariantCulture));
    }

    private ServeResponse ImdsCredentials(ServeRequest request, string role)
    {
        if (!IsRead(request.Method))
        {
            return _methodNotAllowed;
        }

        if (request.HasForwardedFor)
        {
            return _forwarded;
        }

        if (!_tokens.IsValid(request.ImdsToken))
        {
            return _imdsUnauthorized;
        }

        if (role.Length == 0)
        {
            return _roleListing;
        }

        if (role != _roleName)
        {
            return _notFound;
        }

        return Servable() is { } served ? served.ImdsAnswer : Unavailable();
    }

    private ServedCredentials? Servable()
    {
        var current = _state.Current;
        return current is not null && ServeRefreshPolicy.IsServable(current.Credentials, _clock.GetUtcNow()) ? current : null;
    }

    private ServeResponse Unavailable()
    {
        var why = _state.Current is null ? "no credentials have been obtained yet" : "the last credentials have expired";
        var failure = _state.LastFailure is { } reason ? $"; last refresh failed: {reason}" : string.Empty;
        return Error(503, "CredentialsUnavailable", why + failure + "; certcreds keeps retrying");
    }

    private bool TokenMatches(string authorization)
    {
        Span<byte> buffer = stackalloc byte[256];
        var length = Encoding.UTF8.GetMaxByteCount(authorization.Length);
        var bytes = length <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(authorization, buffer)] : Encoding.UTF8.GetBytes(authorization);
        return CryptographicOperations.FixedTimeEquals(bytes, _containerToken);
    }

    private static bool IsRead(string method) => method is "GET" or "HEAD";

    private static string CollapseSlashes(string path)
    {
        var builder = new StringBuilder(path.Length);
        foreach (var c in path)
        {
            if (c != '/' || builder.Length == 0 || builder[^1] != '/')
            {
                _ = builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static ServeResponse Error(int status, string code, string message) =>
        new(status, ServeResponse.Json, ServedCredentials.Serialize(new ServeErrorDocument(code, message), ServeJsonContext.Default.ServeErrorDocument));
}
