using System.Net;
using CertCreds.Platform;
using CertCreds.Serving;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace CertCreds.Cli.Serving;

/// <summary>
/// What serve needs to know about one connection, worked out on its first request and kept in the connection's
/// items: both endpoints, whether the client is on loopback, and who owns the client's socket (looked up at most
/// once, and only when an IMDS request asks: it costs a look at the kernel's socket table). A socket's owner never
/// changes (it is its creator's, even if the descriptor is passed on), and SDKs send their token and credentials
/// requests over one kept-alive connection, so later requests on it allocate none of this again.
/// </summary>
internal sealed class ConnectionFacts
{
    private const string Key = "certcreds.connection-facts";
    private readonly IPEndPoint? _remote;
    private PeerUser? _peer;

    private ConnectionFacts(IPEndPoint? local, IPEndPoint? remote, bool fromLoopback)
    {
        Local = local;
        _remote = remote;
        FromLoopback = fromLoopback;
        Peer = FindPeer;
    }

    public IPEndPoint? Local { get; }

    public bool FromLoopback { get; }

    /// <summary>One delegate per connection, handed to every <see cref="ServeRequest"/> made on it.</summary>
    public Func<PeerUser> Peer { get; }

    public static ConnectionFacts Of(HttpContext context)
    {
        var items = context.Features.Get<IConnectionItemsFeature>()?.Items;
        if (items is not null && items.TryGetValue(Key, out var known) && known is ConnectionFacts cached)
        {
            return cached;
        }

        var connection = context.Connection;
        var remote = connection.RemoteIpAddress;
        var facts = new ConnectionFacts(
            connection.LocalIpAddress is { } local ? new IPEndPoint(local, connection.LocalPort) : null,
            remote is null ? null : new IPEndPoint(remote, connection.RemotePort),
            remote is not null && IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote));
        if (items is not null)
        {
            items[Key] = facts;
        }

        return facts;
    }

    private PeerUser FindPeer() => _peer ??= Lookup(Local, _remote);

    /// <summary>Whether the client's socket belongs to the user running certcreds.</summary>
    private static PeerUser Lookup(IPEndPoint? local, IPEndPoint? remote)
    {
        if (local is null || remote is null || NativeProcess.EffectiveUserId() is not { } self)
        {
            return PeerUser.Unknown;
        }

        return SocketOwners.FindPeerUid(local, remote) switch
        {
            null => PeerUser.Unknown,
            var uid when uid == self => PeerUser.Owner,
            _ => PeerUser.Other,
        };
    }
}
