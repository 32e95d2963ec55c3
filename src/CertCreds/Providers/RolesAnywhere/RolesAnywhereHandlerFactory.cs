using System.Net;
using CertCreds.Certificates;

namespace CertCreds.Providers.RolesAnywhere;

/// <summary>
/// The HTTP handler for CreateSession: server-authenticated TLS (no client certificate: the request is signed
/// instead), with the same trust anchors, proxy, connect timeout and limits as the IoT provider's mutual TLS.
/// </summary>
public static class RolesAnywhereHandlerFactory
{
    public static SocketsHttpHandler Create(TrustAnchors anchors, TlsFailureRecorder recorder, IWebProxy? proxy, TimeSpan connectTimeout) =>
        TlsHandlerFactory.Create(null, anchors, recorder, proxy, connectTimeout);
}
