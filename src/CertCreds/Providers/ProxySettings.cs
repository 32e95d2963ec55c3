using System.Net;
using CertCreds.Errors;

namespace CertCreds.Providers;

/// <summary>
/// Decides whether and how to use an HTTP proxy from the conventional HTTPS_PROXY / NO_PROXY variables.
/// The proxy only sees a CONNECT tunnel: mutual TLS runs end to end through it.
/// </summary>
public static class ProxySettings
{
    /// <returns>The proxy to use for <paramref name="host"/>, or null when NO_PROXY exempts it.</returns>
    public static IWebProxy? Create(string proxyUrl, string? noProxy, string host)
    {
        ArgumentNullException.ThrowIfNull(proxyUrl);
        ArgumentNullException.ThrowIfNull(host);
        if (IsExempt(noProxy, host))
        {
            return null;
        }

        var text = proxyUrl.Contains("://", StringComparison.Ordinal) ? proxyUrl : "http://" + proxyUrl;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || string.IsNullOrEmpty(uri.Host))
        {
            // The URL may carry a password: never echo it.
            throw new UsageException("HTTPS_PROXY is not an http://HOST:PORT URL", "set HTTPS_PROXY=http://proxy.example:3128 (certcreds tunnels TLS through the proxy with CONNECT)");
        }

        var proxy = new WebProxy(new Uri($"http://{uri.Authority}"));
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var parts = uri.UserInfo.Split(':', 2);
            proxy.Credentials = new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
        }

        return proxy;
    }

    /// <summary>curl's NO_PROXY rules: comma-separated host names (a leading dot optional) match the host and its subdomains; <c>*</c> matches all.</summary>
    public static bool IsExempt(string? noProxy, string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (string.IsNullOrWhiteSpace(noProxy))
        {
            return false;
        }

        foreach (var raw in noProxy.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw == "*")
            {
                return true;
            }

            var entry = raw.TrimStart('.');
            var colon = entry.LastIndexOf(':');
            if (colon > 0 && !entry.Contains("::", StringComparison.Ordinal) && entry.Count(c => c == ':') == 1)
            {
                entry = entry[..colon];
            }

            if (host.Equals(entry, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + entry, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
