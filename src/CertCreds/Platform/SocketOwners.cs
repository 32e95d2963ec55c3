using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;

namespace CertCreds.Platform;

/// <summary>
/// Finds which user owns the client end of a loopback TCP connection, from the kernel's socket tables
/// (<c>/proc/net/tcp</c> and <c>/proc/net/tcp6</c>): the client's socket is the row whose local end is our
/// connection's remote end and whose remote end is our local end. Addresses are compared in IPv6 form, because a
/// dual-stack listener sees an IPv4 client as ::ffff:a.b.c.d while the client's socket sits in the IPv4 table (and
/// the reverse for an IPv6 socket talking to a mapped address). A client in another network namespace has no row
/// here: the answer is then null, which callers must treat as "not the owner".
/// </summary>
public static class SocketOwners
{
    private static readonly string[] Tables = ["/proc/net/tcp", "/proc/net/tcp6"];

    /// <summary>The uid owning the peer's socket, or null when no table lists it (or not on Linux).</summary>
    public static int? FindPeerUid(IPEndPoint local, IPEndPoint remote)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        foreach (var table in Tables)
        {
            try
            {
                using var reader = new StreamReader(table);
                if (FindPeerUid(reader, local, remote) is { } uid)
                {
                    return uid;
                }
            }
            catch (IOException)
            {
                // No IPv6 in this kernel, or no /proc: look in the other table, then give up.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return null;
    }

    /// <summary>Scans one table's text for the peer's row. Rows in TIME_WAIT or LISTEN have no meaningful owner and are skipped.</summary>
    public static int? FindPeerUid(TextReader table, IPEndPoint local, IPEndPoint remote)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        var wantedLocal = new IPEndPoint(remote.Address.MapToIPv6(), remote.Port);
        var wantedRemote = new IPEndPoint(local.Address.MapToIPv6(), local.Port);
        // Rows print ports as four upper-case hex digits after a colon: a cheap filter before parsing a row.
        var peerPort = ":" + remote.Port.ToString("X4", CultureInfo.InvariantCulture) + " ";
        _ = table.ReadLine();
        while (table.ReadLine() is { } line)
        {
            if (!line.Contains(peerPort, StringComparison.Ordinal))
            {
                continue;
            }

            // "  sl  local_address rem_address   st tx_queue:rx_queue tr:tm->when retrnsmt   uid  timeout inode"
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 8 || fields[3] is "06" or "0A")
            {
                continue;
            }

            if (ParseEndPoint(fields[1]) is { } rowLocal && rowLocal.Port == wantedLocal.Port && rowLocal.Equals(wantedLocal)
                && ParseEndPoint(fields[2]) is { } rowRemote && rowRemote.Equals(wantedRemote)
                && int.TryParse(fields[7], NumberStyles.None, CultureInfo.InvariantCulture, out var uid))
            {
                return uid;
            }
        }

        return null;
    }

    /// <summary>
    /// "0100007F:1F90" or 32 hex digits and a port: the address is printed as 32-bit words in the kernel's own byte
    /// order, so writing each word back in native order gives the bytes in network order. Returned in IPv6 form.
    /// </summary>
    private static IPEndPoint? ParseEndPoint(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon is not (8 or 32) || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var port))
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[colon / 2];
        for (var word = 0; word < colon / 8; word++)
        {
            if (!uint.TryParse(text.AsSpan(word * 8, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            {
                return null;
            }

            MemoryMarshal.Write(bytes[(word * 4)..], in value);
        }

        return new IPEndPoint(new IPAddress(bytes).MapToIPv6(), port);
    }
}
