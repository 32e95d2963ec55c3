using Microsoft.AspNetCore.Connections;

namespace CertCreds.Cli.Serving;

/// <summary>
/// Caps open connections, evicting the oldest when a new one would exceed the cap. A refusing cap (Kestrel's own)
/// lets a flood of idle sockets lock real clients out until the header timeout; evicting the oldest lets the newest
/// in, and a real client, which sends its request the moment it connects, is done long before a flood of
/// <see cref="Limit"/> newer sockets could push it out. Thread-safe: one lock around a list of open connections.
/// </summary>
internal sealed class ConnectionLimiter(int limit)
{
    private readonly LinkedList<ConnectionContext> _open = new();

    public int Limit { get; } = limit;

    public ConnectionDelegate Wrap(ConnectionDelegate next) => async connection =>
    {
        LinkedListNode<ConnectionContext> node;
        ConnectionContext? evicted = null;
        lock (_open)
        {
            node = _open.AddLast(connection);
            if (_open.Count > Limit)
            {
                evicted = _open.First!.Value;
                _open.RemoveFirst();
            }
        }

        evicted?.Abort(new ConnectionAbortedException("too many open connections: the oldest is closed"));
        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            lock (_open)
            {
                if (node.List is not null)
                {
                    _open.Remove(node);
                }
            }
        }
    };
}
