using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using CertCreds.Certificates;

namespace CertCreds.Providers;

/// <summary>
/// The HTTP handler every credential source uses: TLS 1.2/1.3, the server's certificate trusted only through the
/// given anchors (no system store, no revocation fetches, no downloads), HTTP/1.1, no redirects, no cookies, no
/// decompression, bounded headers, and the proxy from HTTPS_PROXY/NO_PROXY (a CONNECT tunnel, so TLS stays end
/// to end). With a client certificate for mutual TLS (IoT) or without (Roles Anywhere signs its requests instead).
/// </summary>
internal static class TlsHandlerFactory
{
    public static SocketsHttpHandler Create(SslStreamCertificateContext? clientCertificate, TrustAnchors anchors, TlsFailureRecorder recorder, IWebProxy? proxy, TimeSpan connectTimeout)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        ArgumentNullException.ThrowIfNull(recorder);
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
        };
        policy.CustomTrustStore.AddRange(anchors.Certificates);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = connectTimeout,
            UseProxy = proxy is not null,
            Proxy = proxy,
            MaxResponseHeadersLength = MutualTlsHandlerFactory.MaxResponseHeadersKilobytes,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                ClientCertificateContext = clientCertificate,
                CertificateChainPolicy = policy,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) => recorder.Validate(certificate, chain, errors),
            },
        };
    }
}
