namespace CertCreds.Serving;

/// <summary>
/// The parts of one HTTP request the serve handlers look at, copied out of the host's request object so the
/// handlers stay free of any web framework. Header values are null when absent.
/// </summary>
/// <param name="Authorization">The raw <c>Authorization</c> header: the container token, with no scheme.</param>
/// <param name="ImdsToken">The <c>x-aws-ec2-metadata-token</c> header.</param>
/// <param name="ImdsTokenTtl">The <c>x-aws-ec2-metadata-token-ttl-seconds</c> header.</param>
/// <param name="HasForwardedFor">True when an <c>X-Forwarded-For</c> header was sent: the request came through a proxy.</param>
/// <param name="FromLoopback">True when the client connected from this machine.</param>
public sealed record ServeRequest(string Method, string Path, string? Authorization, string? ImdsToken, string? ImdsTokenTtl, bool HasForwardedFor, bool FromLoopback = true)
{
    public override string ToString() => $"ServeRequest {{ {Method} {Path} }}";
}
