using System.Globalization;
using CertCreds.Errors;

namespace CertCreds.Providers.RolesAnywhere;

/// <summary>Where CreateSession goes: a host name (used for SNI and Host) and a port.</summary>
public sealed record RolesAnywhereEndpoint(string Host, int Port)
{
    public const int DefaultPort = 443;

    /// <summary>The <c>Host</c> header / URI authority: the port is left out when it is 443.</summary>
    public string Authority
    {
        get
        {
            var host = Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;
            return Port == DefaultPort ? host : $"{host}:{Port.ToString(CultureInfo.InvariantCulture)}";
        }
    }

    /// <summary>
    /// The service's own endpoint for a region: <c>rolesanywhere.REGION.amazonaws.com</c>, <c>.amazonaws.com.cn</c> in
    /// China, the ISO partitions' suffixes, and <c>rolesanywhere-fips.REGION…</c> with FIPS (the signing region stays REGION).
    /// </summary>
    public static RolesAnywhereEndpoint ForRegion(string region, bool useFips)
    {
        ArgumentException.ThrowIfNullOrEmpty(region);
        var suffix = region switch
        {
            _ when region.StartsWith("cn-", StringComparison.Ordinal) => "amazonaws.com.cn",
            _ when region.StartsWith("us-isob-", StringComparison.Ordinal) => "sc2s.sgov.gov",
            _ when region.StartsWith("us-iso-", StringComparison.Ordinal) => "c2s.ic.gov",
            _ => "amazonaws.com",
        };
        return new RolesAnywhereEndpoint($"{(useFips ? "rolesanywhere-fips" : "rolesanywhere")}.{region}.{suffix}", DefaultPort);
    }

    /// <summary>An <c>--endpoint</c> override: <c>HOST</c>, <c>HOST:PORT</c>, <c>[IPv6]:PORT</c> or <c>https://HOST[:PORT][/]</c>.</summary>
    public static RolesAnywhereEndpoint Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new UsageException("the --endpoint is empty", "leave --endpoint out to use rolesanywhere.REGION.amazonaws.com, or pass HOST[:PORT]");
        }

        var shown = TerminalText.Escape(text);
        var value = text.Trim();
        if (value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            value = value["https://".Length..].TrimEnd('/');
        }
        else if (value.Contains("://", StringComparison.Ordinal))
        {
            throw new UsageException($"the endpoint '{shown}' is not https://HOST[:PORT]", "IAM Roles Anywhere speaks HTTPS only; pass e.g. https://rolesanywhere.eu-west-1.amazonaws.com or HOST:PORT");
        }

        if (value.Contains('/', StringComparison.Ordinal) || value.Contains('?', StringComparison.Ordinal) || value.Contains('@', StringComparison.Ordinal))
        {
            throw new UsageException($"the endpoint '{shown}' has a path, query or user name", "pass the host name (and port) only; certcreds adds /sessions itself");
        }

        string host;
        var port = DefaultPort;
        string? portText = null;
        if (value.StartsWith('['))
        {
            var close = value.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || (close + 1 < value.Length && value[close + 1] != ':'))
            {
                throw new UsageException($"the endpoint '{shown}' is not HOST[:PORT]", "write IPv6 endpoints as [ADDRESS]:PORT");
            }

            host = value[1..close];
            portText = close + 1 < value.Length ? value[(close + 2)..] : null;
        }
        else
        {
            var colon = value.LastIndexOf(':');
            host = colon < 0 ? value : value[..colon];
            portText = colon < 0 ? null : value[(colon + 1)..];
        }

        if (portText is not null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new UsageException($"the endpoint '{shown}' has an invalid port", "use HOST or HOST:PORT with a port from 1 to 65535");
        }

        if (host.Length == 0 || Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            throw new UsageException($"the endpoint '{shown}' is not a valid host name", "pass a host name such as rolesanywhere.eu-west-1.amazonaws.com (or a VPC endpoint's name)");
        }

        return new RolesAnywhereEndpoint(host, port);
    }

    public override string ToString() => Authority;
}
