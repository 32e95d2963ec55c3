using System.Net;
using System.Net.Security;
using CertCreds.Certificates;

namespace CertCreds.Providers;

/// <summary>
/// Builds the one HTTP handler a call uses: mutual TLS 1.2/1.3 with the device identity, trust limited to
/// the given anchors (no system store, no revocation fetches), HTTP/1.1, no redirects, no cookies, and the
/// proxy from HTTPS_PROXY/NO_PROXY (CONNECT tunnel, so TLS stays end to end).
/// </summary>
public static class MutualTlsHandlerFactory
{
    /// <summary>The credentials provider's headers are well under 1 KB; a server sending more is something else.</summary>
    public const int MaxResponseHeadersKilobytes = 16;

    public static SocketsHttpHandler Create(DeviceIdentity identity, TrustAnchors anchors, TlsFailureRecorder recorder, IWebProxy? proxy, TimeSpan connectTimeout)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return TlsHandlerFactory.Create(SslStreamCertificateContext.Create(identity.Certificate, identity.Intermediates, offline: true), anchors, recorder, proxy, connectTimeout);
    }
}
