using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace CertCreds.EndToEnd;

/// <summary>
/// A loopback server that answers every connection with fixed bytes after reading the client's first bytes:
/// plain HTTP where TLS is expected, a proxy refusing CONNECT, or (with a certificate) a TLS server whose answer
/// breaks the rules. Counts connections; stops on dispose.
/// </summary>
internal sealed class ScriptedSocketServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly byte[] answer;
    private readonly X509Certificate2? certificate;
    private readonly Task loop;
    private int connections;

    public ScriptedSocketServer(string answer, X509Certificate2? certificate = null)
    {
        this.answer = Encoding.ASCII.GetBytes(answer);
        this.certificate = certificate;
        listener.Start();
        loop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref connections);

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Interlocked.Increment(ref connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                Stream stream = client.GetStream();
                if (certificate is not null)
                {
                    var tls = new SslStream(stream);
                    await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, stop.Token);
                    stream = tls;
                }

                var buffer = new byte[8192];
                _ = await stream.ReadAsync(buffer, stop.Token);
                await stream.WriteAsync(answer, stop.Token);
                await stream.FlushAsync(stop.Token);
                await Task.Delay(200, stop.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
            {
                // The client hung up or refused us: that is what these tests provoke.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await loop;
        stop.Dispose();
        certificate?.Dispose();
    }
}
