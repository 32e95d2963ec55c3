using System.Net.Sockets;

namespace CertCreds.Errors;

/// <summary>
/// Turns a failure to listen on a port (Kestrel wraps the <see cref="SocketException"/> in an IOException) into a
/// usage error naming the address and port: the fix is another <c>--port</c>, not a bug report.
/// </summary>
public static class ListenFailure
{
    /// <summary>True for what a server start throws when the address or port cannot be bound.</summary>
    public static bool Matches(Exception exception) => exception is IOException or SocketException;

    public static UsageException Create(Exception exception, string address, int port)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var socket = Find(exception);
        var where = $"{address}:{port}";
        return socket?.SocketErrorCode switch
        {
            SocketError.AddressAlreadyInUse => new UsageException($"cannot listen on {where}: the port is in use by another program", "pick another --port, or --port 0 for a free one", exception),
            SocketError.AccessDenied => new UsageException($"cannot listen on {where}: permission denied (ports below 1024 need privileges)", "pick a port from 1024 up, or --port 0 for a free one", exception),
            SocketError.AddressNotAvailable => new UsageException($"cannot listen on {where}: the address is not one of this machine's", "pass an address this machine has, e.g. 127.0.0.1", exception),
            _ => new UsageException($"cannot listen on {where}: {(socket is null ? "the server did not start" : NetworkFault.Describe(socket))}", "pick another --port, or --port 0 for a free one", exception),
        };
    }

    private static SocketException? Find(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is SocketException socket)
            {
                return socket;
            }
        }

        return null;
    }
}
