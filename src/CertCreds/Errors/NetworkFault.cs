using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.RegularExpressions;

namespace CertCreds.Errors;

/// <summary>
/// Says in plain words why a network operation failed, from exception types, <see cref="HttpRequestError"/>,
/// <see cref="SocketError"/> and status codes. Exception messages are never shown: the Native AOT build strips
/// them to resource keys (<c>net_frame_read_size</c>); at most they are looked at for a fact no type carries.
/// </summary>
public static partial class NetworkFault
{
    /// <summary>The socket error in the chain, if any.</summary>
    public static SocketException? FindSocket(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is SocketException socket)
            {
                return socket;
            }
        }

        return null;
    }

    /// <summary>Short words for any network failure, e.g. "connection refused (nothing listens on that port)".</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is HttpRequestException http && Describe(http) is { } words)
        {
            return words;
        }

        if (FindSocket(exception) is { } socket)
        {
            return Socket(socket.SocketErrorCode);
        }

        if (IsPlainTextAnswer(exception))
        {
            return "the server did not answer with TLS (plain HTTP on an HTTPS port?)";
        }

        return Find<AuthenticationException>(exception) is not null
            ? "the TLS handshake failed"
            : exception is OperationCanceledException or TimeoutException
                ? "no answer in time"
                : exception is IOException or HttpRequestException
                    ? "the connection broke"
                    : "the request failed";
    }

    public static string Socket(SocketError code) => code switch
    {
        SocketError.ConnectionRefused => "connection refused (nothing listens on that port)",
        SocketError.TimedOut => "the connection timed out",
        SocketError.HostUnreachable => "the host is unreachable",
        SocketError.NetworkUnreachable => "the network is unreachable",
        SocketError.NetworkDown => "the network is down",
        SocketError.ConnectionReset => "the connection was reset by the other side",
        SocketError.ConnectionAborted => "the connection was aborted",
        SocketError.Shutdown or SocketError.NotConnected => "the connection was closed",
        SocketError.HostNotFound => "the host name is not known (DNS)",
        SocketError.TryAgain => "the DNS lookup failed for now",
        SocketError.NoData => "the host name has no address",
        SocketError.AddressAlreadyInUse => "the address is in use",
        SocketError.AddressNotAvailable => "the address is not available on this machine",
        SocketError.AccessDenied => "permission denied",
        _ => "socket error " + code.ToString(),
    };

    /// <summary>
    /// True when the server answered the TLS ClientHello with something that is not TLS — typically a plain HTTP
    /// server ("wrong version number" from OpenSSL, or .NET failing to read a TLS frame size).
    /// </summary>
    public static bool IsPlainTextAnswer(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var text = e.Message;
            if (text.Contains("wrong version number", StringComparison.OrdinalIgnoreCase)
                || text.Contains("net_frame_read_size", StringComparison.Ordinal)
                || text.Contains("frame size", StringComparison.OrdinalIgnoreCase)
                || text.Contains("packet length too long", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The status a proxy answered CONNECT with: from the exception, else from the (stripped or not) message's numbers.</summary>
    public static int? ProxyStatus(HttpRequestException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception.StatusCode is { } status)
        {
            return (int)status;
        }

        var match = TrailingStatus().Match(exception.Message);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    private static string? Describe(HttpRequestException http) => http.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => "the host name could not be resolved (DNS)",
        HttpRequestError.ConnectionError => FindSocket(http) is { } socket ? Socket(socket.SocketErrorCode) : "could not connect",
        HttpRequestError.SecureConnectionError => IsPlainTextAnswer(http) ? "the server did not answer with TLS (plain HTTP on an HTTPS port?)" : "the TLS handshake failed",
        HttpRequestError.ProxyTunnelError => ProxyStatus(http) is { } status ? $"the proxy refused the CONNECT tunnel with status {status}" : "the proxy refused the CONNECT tunnel",
        HttpRequestError.ResponseEnded => "the connection closed before a whole answer arrived",
        HttpRequestError.InvalidResponse => "the answer is not valid HTTP",
        HttpRequestError.ConfigurationLimitExceeded => "the answer's headers are too large",
        HttpRequestError.VersionNegotiationError => "the server does not speak HTTP/1.1",
        HttpRequestError.HttpProtocolError => "the server broke the HTTP protocol",
        HttpRequestError.UserAuthenticationError => "the server or proxy wants authentication",
        _ => null,
    };

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is T found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>
    /// OpenSSL's own reason for a failed handshake ("tlsv13 alert certificate required"), which is OpenSSL's text and
    /// survives the AOT build; empty when there is none. Only the lower-case words are kept.
    /// </summary>
    public static string TlsReason(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var match = OpenSslReason().Match(e.Message);
            if (match.Success)
            {
                return match.Groups[1].Value.Trim();
            }
        }

        return string.Empty;
    }

    [GeneratedRegex(@"SSL routines:[A-Za-z0-9_]*:([a-z0-9 ]{3,80})")]
    private static partial Regex OpenSslReason();

    [GeneratedRegex(@"\b([1-5]\d\d)\D*$")]
    private static partial Regex TrailingStatus();
}
