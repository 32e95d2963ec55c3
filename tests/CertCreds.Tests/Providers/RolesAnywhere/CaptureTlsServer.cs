using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace CertCreds.Tests.Providers.RolesAnywhere;

/// <summary>
/// A one-request-per-connection HTTPS server on 127.0.0.1 that keeps the exact bytes of each request (as they
/// crossed the wire, after TLS) and answers with a fixed response. Its certificate is a self-signed EC
/// "localhost" certificate, exported as <see cref="CertificatePem"/> for the client's trust anchors.
/// </summary>
internal sealed class CaptureTlsServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 certificate;
    private readonly CancellationTokenSource stop = new();
    private readonly List<byte[]> requests = [];
    private readonly Lock gate = new();
    private readonly Func<string> response;
    private readonly Task loop;

    /// <param name="response">The whole HTTP response to send (status line, headers, body), made anew for each request.</param>
    public CaptureTlsServer(Func<string> response)
    {
        this.response = response;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var selfSigned = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // A PKCS#12 round trip gives SslStream a key it can use on every platform.
        certificate = X509CertificateLoader.LoadPkcs12(selfSigned.Export(X509ContentType.Pkcs12), null);
        CertificatePem = selfSigned.ExportCertificatePem();
        listener.Start();
        loop = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public string CertificatePem { get; }

    public IReadOnlyList<byte[]> Requests
    {
        get
        {
            lock (gate)
            {
                return [.. requests];
            }
        }
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            using (client)
            {
                try
                {
                    await ServeAsync(client.GetStream());
                }
                catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
                {
                    // A client that gave up mid-way: the test sees it from the client side.
                }
            }
        }
    }

    private async Task ServeAsync(NetworkStream network)
    {
        await using var tls = new SslStream(network);
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, stop.Token);
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(received)) < 0)
        {
            var read = await tls.ReadAsync(buffer, stop.Token);
            if (read == 0)
            {
                return;
            }

            received.Write(buffer, 0, read);
        }

        var head = Encoding.ASCII.GetString(received.GetBuffer(), 0, headerEnd);
        var length = head.Split("\r\n")
            .Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(l => int.Parse(l["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            .SingleOrDefault();
        while (received.Length < headerEnd + 4 + length)
        {
            var read = await tls.ReadAsync(buffer, stop.Token);
            if (read == 0)
            {
                return;
            }

            received.Write(buffer, 0, read);
        }

        lock (gate)
        {
            requests.Add(received.ToArray());
        }

        await tls.WriteAsync(Encoding.UTF8.GetBytes(response()), stop.Token);
        await tls.FlushAsync(stop.Token);
    }

    private static int IndexOfHeaderEnd(MemoryStream received) =>
        received.GetBuffer().AsSpan(0, (int)received.Length).IndexOf("\r\n\r\n"u8);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await loop;
        stop.Dispose();
        certificate.Dispose();
    }
}
