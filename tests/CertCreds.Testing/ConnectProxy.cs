using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CertCreds.Testing;

/// <summary>
/// A minimal HTTP CONNECT proxy on 127.0.0.1 for tests: it records each tunnel's target and pipes bytes,
/// never seeing inside TLS. Optionally demands Proxy-Authorization. Stops on dispose.
/// </summary>
public sealed class ConnectProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly List<string> targets = [];
    private readonly string? requiredAuthorization;
    private readonly Task acceptLoop;

    public ConnectProxy(string? user = null, string? password = null)
    {
        if (user is not null)
        {
            requiredAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        }

        listener.Start();
        acceptLoop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>The <c>host:port</c> of every CONNECT request received.</summary>
    public IReadOnlyList<string> Targets
    {
        get
        {
            lock (targets)
            {
                return [.. targets];
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
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = await ReadHeadAsync(stream);
                var lines = head.Split("\r\n");
                var parts = lines[0].Split(' ');
                if (parts.Length < 2 || parts[0] != "CONNECT")
                {
                    await stream.WriteAsync("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), stop.Token);
                    return;
                }

                lock (targets)
                {
                    targets.Add(parts[1]);
                }

                if (requiredAuthorization is not null && !lines.Any(l => l.Equals("Proxy-Authorization: " + requiredAuthorization, StringComparison.OrdinalIgnoreCase)))
                {
                    await stream.WriteAsync("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), stop.Token);
                    return;
                }

                var colon = parts[1].LastIndexOf(':');
                using var upstream = new TcpClient();
                await upstream.ConnectAsync(parts[1][..colon].Trim('[', ']'), int.Parse(parts[1][(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture), stop.Token);
                await stream.WriteAsync("HTTP/1.1 200 Connection Established\r\n\r\n"u8.ToArray(), stop.Token);
                var upstreamStream = upstream.GetStream();
                var a = stream.CopyToAsync(upstreamStream, stop.Token);
                var b = upstreamStream.CopyToAsync(stream, stop.Token);
                await Task.WhenAny(a, b);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // A client or server going away ends the tunnel; nothing to report.
            }
        }
    }

    private async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (buffer.Count < 8192)
        {
            if (await stream.ReadAsync(one, stop.Token) == 0)
            {
                break;
            }

            buffer.Add(one[0]);
            if (buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n')
            {
                break;
            }
        }

        return Encoding.ASCII.GetString([.. buffer]);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
    }
}
