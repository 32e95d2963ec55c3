using System.Net;
using System.Net.Sockets;

namespace CertCreds.EndToEnd;

internal static class FreePort
{
    /// <summary>A loopback port that was free a moment ago (for servers that cannot be told to pick port 0).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
