using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace CertCreds.Testing.Emulator;

/// <summary>
/// A bare TLS + HTTP/1.1 client with full control over SNI, Host and client certificate, that reports
/// exactly what arrived (missing headers, short bodies, resets) instead of hiding it like HttpClient.
/// Trusts only the given root and ignores the name on the server certificate, so wrong or missing SNI
/// can be tested.
/// </summary>
public static class RawHttps
{
    public static string Request(string path, string? host, string? thingName = null, string method = "GET")
    {
        var text = new StringBuilder($"{method} {path} HTTP/1.1\r\n");
        if (host is not null)
        {
            text.Append($"Host: {host}\r\n");
        }

        if (thingName is not null)
        {
            text.Append($"x-amzn-iot-thingname: {thingName}\r\n");
        }

        return text.Append("Connection: close\r\n\r\n").ToString();
    }

    public static async Task<RawResponse> SendAsync(
        int port,
        string? sni,
        X509Certificate2? clientCertificate,
        X509Certificate2 root,
        string request,
        SslProtocols protocols = SslProtocols.None,
        TimeSpan? timeout = null,
        Action<SslStream>? onConnected = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port, cancel.Token);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = sni ?? "",
                EnabledSslProtocols = protocols,
                ClientCertificates = clientCertificate is null ? null : [clientCertificate],
                LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate!,
                RemoteCertificateValidationCallback = (_, certificate, _, _) => ChainsTo(certificate, root),
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            },
            cancel.Token);
        onConnected?.Invoke(tls);
        await tls.WriteAsync(Encoding.ASCII.GetBytes(request), cancel.Token);
        await tls.FlushAsync(cancel.Token);

        var received = new MemoryStream();
        string? error = null;
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await tls.ReadAsync(buffer, cancel.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or AuthenticationException)
        {
            error = e.GetType().Name + ": " + e.Message;
        }

        return Parse(received.ToArray(), error);
    }

    private static bool ChainsTo(X509Certificate? certificate, X509Certificate2 root)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    private static RawResponse Parse(byte[] data, string? error)
    {
        var headerEnd = data.AsSpan().IndexOf("\r\n\r\n"u8);
        if (headerEnd < 0)
        {
            return new RawResponse(0, new Dictionary<string, string>(), [], false, error ?? "no complete header block");
        }

        var lines = Encoding.ASCII.GetString(data, 0, headerEnd).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var body = data[(headerEnd + 4)..];
        var complete = headers.TryGetValue("Content-Length", out var length) && int.Parse(length, System.Globalization.CultureInfo.InvariantCulture) == body.Length;
        return new RawResponse(status, headers, body, complete, error);
    }
}
