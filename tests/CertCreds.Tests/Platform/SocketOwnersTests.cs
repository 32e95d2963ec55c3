using System.Net;
using System.Net.Sockets;
using CertCreds.Platform;

namespace CertCreds.Tests.Platform;

public sealed class SocketOwnersTests
{
    private const string Header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

    [Fact]
    public void The_peer_is_the_row_whose_local_end_is_our_remote_end_and_whose_remote_end_is_ours()
    {
        // Server 127.0.0.1:8080 (0x1F90), client 127.0.0.1:40000 (0x9C40) owned by uid 1001; the server's own row
        // (uid 0) and a TIME_WAIT row of an earlier client on the same port must not be taken for it.
        var table = Header
            + "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0\n"
            + "   1: 0100007F:9C40 0100007F:1F90 06 00000000:00000000 00:00000000 00000000     0        0 0 3 0\n"
            + "   2: 0100007F:1F90 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 2 1 0 20 4 30 10 -1\n"
            + "   3: 0100007F:9C40 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1001        0 3 1 0 20 4 30 10 -1\n";
        var server = new IPEndPoint(IPAddress.Loopback, 8080);
        Assert.Equal(1001, SocketOwners.FindPeerUid(new StringReader(table), server, new IPEndPoint(IPAddress.Loopback, 40000)));
        Assert.Null(SocketOwners.FindPeerUid(new StringReader(table), server, new IPEndPoint(IPAddress.Loopback, 40001)));
        Assert.Null(SocketOwners.FindPeerUid(new StringReader(table), new IPEndPoint(IPAddress.Loopback, 8081), new IPEndPoint(IPAddress.Loopback, 40000)));
    }

    [Fact]
    public void Ipv6_rows_and_ipv4_mapped_addresses_are_matched_in_either_direction()
    {
        // ::1 is printed as four host-order words: 00000000 00000000 00000000 01000000 on little-endian machines.
        var loopback6 = BitConverter.IsLittleEndian ? "00000000000000000000000001000000" : "00000000000000000000000000000001";
        var mapped = BitConverter.IsLittleEndian ? "0000000000000000FFFF00000100007F" : "00000000000000000000FFFF7F000001";
        var table = Header
            + $"   0: {loopback6}:9C40 {loopback6}:1F90 01 00000000:00000000 00:00000000 00000000  1002        0 3 1\n"
            + $"   1: {mapped}:9C41 {mapped}:1F90 01 00000000:00000000 00:00000000 00000000  1003        0 4 1\n";
        Assert.Equal(1002, SocketOwners.FindPeerUid(new StringReader(table), new IPEndPoint(IPAddress.IPv6Loopback, 8080), new IPEndPoint(IPAddress.IPv6Loopback, 40000)));

        // An IPv6 client socket talking to ::ffff:127.0.0.1 seen by an IPv4 listener as plain 127.0.0.1.
        Assert.Equal(1003, SocketOwners.FindPeerUid(new StringReader(table), new IPEndPoint(IPAddress.Loopback, 8080), new IPEndPoint(IPAddress.Loopback, 40001)));
    }

    [Fact]
    public void Malformed_rows_are_skipped_not_thrown_on() =>
        Assert.Null(SocketOwners.FindPeerUid(new StringReader(Header + "garbage\n 1: zz:zz yy:yy 01 a b c x\n 2: 0100007F:9C40 0100007F:1F90 01 a b c notanumber\n"), new IPEndPoint(IPAddress.Loopback, 8080), new IPEndPoint(IPAddress.Loopback, 40000)));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_live_loopback_connection_is_found_owned_by_this_process_user(bool dualStackListener)
    {
        using var listener = dualStackListener ? new TcpListener(IPAddress.IPv6Any, 0) : new TcpListener(IPAddress.Loopback, 0);
        if (dualStackListener)
        {
            listener.Server.DualMode = true;
        }

        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(IPAddress.Loopback, port);
        using var accepted = await listener.AcceptSocketAsync();
        var local = (IPEndPoint)accepted.LocalEndPoint!;
        var remote = (IPEndPoint)accepted.RemoteEndPoint!;
        Assert.Equal(dualStackListener, remote.Address.IsIPv4MappedToIPv6);
        Assert.Equal(NativeProcess.EffectiveUserId(), SocketOwners.FindPeerUid(local, remote));
    }
}
