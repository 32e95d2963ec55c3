using System.Net;

namespace CertCreds.Serving;

/// <summary>
/// The parts of one HTTP request the serve handlers look at, copied out of the host's request object so the
/// handlers stay free of any web framework. Header values are null when absent. The defaults of the init-only
/// members are the refusing ones: a host that forgets to fill them in gets errors, never credentials.
/// </summary>
/// <param name="Authorization">The raw <c>Authorization</c> header: the container token, with no scheme.</param>
/// <param name="ImdsToken">The <c>x-aws-ec2-metadata-token</c> header.</param>
/// <param name="ImdsTokenTtl">The <c>x-aws-ec2-metadata-token-ttl-seconds</c> header.</param>
/// <param name="HasForwardedFor">True when an <c>X-Forwarded-For</c> header was sent: the request came through a proxy.</param>
/// <param name="FromLoopback">True when the client connected from this machine.</param>
public sealed record ServeRequest(string Method, string Path, string? Authorization, string? ImdsToken, string? ImdsTokenTtl, bool HasForwardedFor, bool FromLoopback = true)
{
    /// <summary>The <c>Host</c> header as sent.</summary>
    public string? Host { get; init; }

    /// <summary>The address and port the connection arrived at (this server's side of the socket).</summary>
    public IPEndPoint? Local { get; init; }

    /// <summary>True when the request carries a header only browsers send (<c>Origin</c>, <c>Sec-Fetch-*</c>).</summary>
    public bool FromBrowser { get; init; }

    /// <summary>Who owns the client's socket, asked only for IMDS requests (it costs a look at the kernel's socket table).</summary>
    public Func<PeerUser> Peer { get; init; } = static () => PeerUser.Unknown;

    /// <summary>True for a header name that browsers set and no SDK does: its presence marks a web page's request.</summary>
    public static bool IsBrowserHeader(string name) =>
        name.Equals("Origin", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Sec-Fetch-", StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"ServeRequest {{ {Method} {Path} }}";
}
