using System.Globalization;
using System.Net;

namespace CertCreds.Serving;

/// <summary>
/// Defence against DNS rebinding: a web page whose own name has been pointed at 127.0.0.1 reaches us with its name
/// in <c>Host</c>. Only names that cannot be rebound are accepted: <c>localhost</c>, or the IP address the
/// connection arrived at (IPv6 in brackets), each with the connection's port (absent means 80).
/// </summary>
public static class HostHeader
{
    public static bool IsAcceptable(string? host, IPEndPoint local)
    {
        ArgumentNullException.ThrowIfNull(local);
        if (string.IsNullOrEmpty(host))
        {
            return false;
        }

        string name;
        string? port;
        if (host[0] == '[')
        {
            var close = host.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            name = host[1..close];
            var rest = host[(close + 1)..];
            if (rest.Length > 0 && rest[0] != ':')
            {
                return false;
            }

            port = rest.Length == 0 ? null : rest[1..];
            if (!IPAddress.TryParse(name, out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6 || name.Contains('%', StringComparison.Ordinal))
            {
                return false;
            }

            return SameAddress(v6, local.Address) && PortMatches(port, local.Port);
        }

        var colon = host.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0 && host.IndexOf(':', colon + 1) >= 0)
        {
            // An IPv6 address without brackets is not a valid Host.
            return false;
        }

        name = colon < 0 ? host : host[..colon];
        port = colon < 0 ? null : host[(colon + 1)..];
        if (!PortMatches(port, local.Port))
        {
            return false;
        }

        if (name.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // Dotted-quad only: IPAddress.TryParse also takes "127.1" or "2130706433", which no client sends.
        return name.Count(c => c == '.') == 3 && name.All(c => c == '.' || char.IsAsciiDigit(c))
            && IPAddress.TryParse(name, out var v4) && SameAddress(v4, local.Address);
    }

    private static bool PortMatches(string? port, int expected)
    {
        if (port is null)
        {
            return expected == 80;
        }

        return port.Length is > 0 and <= 5 && port.All(char.IsAsciiDigit)
            && int.Parse(port, NumberStyles.None, CultureInfo.InvariantCulture) == expected;
    }

    /// <summary>A dual-stack socket reports an IPv4 client's connection as ::ffff:a.b.c.d.</summary>
    private static bool SameAddress(IPAddress a, IPAddress b) => a.MapToIPv6().Equals(b.MapToIPv6());
}
