using System.Globalization;
using CertCreds.Errors;
using CertCreds.Protocol;

namespace CertCreds.Providers;

/// <summary>The account's credentials endpoint: a host name (used for SNI and Host) and a port.</summary>
public sealed record IotEndpoint(string Host, int Port)
{
    /// <summary>The <c>Host</c> header / URI authority: the port is left out when it is 443.</summary>
    public string Authority
    {
        get
        {
            var host = Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;
            return Port == IotProtocol.DefaultPort ? host : $"{host}:{Port.ToString(CultureInfo.InvariantCulture)}";
        }
    }

    /// <summary>
    /// True when the host is the IoT data endpoint (<c>…-ats.iot.…</c>), which answers every credentials
    /// request with "Not Found": the most common mix-up.
    /// </summary>
    public bool LooksLikeDataEndpoint => Host.Contains("-ats.iot.", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the host has the shape of an AWS credentials endpoint.</summary>
    public bool LooksLikeCredentialsEndpoint => Host.Contains(".credentials.iot", StringComparison.OrdinalIgnoreCase);

    /// <summary>Accepts <c>HOST</c>, <c>HOST:PORT</c>, <c>[IPv6]:PORT</c> and, forgivingly, <c>https://HOST[:PORT][/]</c>.</summary>
    public static IotEndpoint Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new UsageException("no endpoint was given", "pass --endpoint PREFIX.credentials.iot.REGION.amazonaws.com (from 'aws iot describe-endpoint --endpoint-type iot:CredentialProvider')");
        }

        var value = text.Trim();
        if (value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            value = value["https://".Length..].TrimEnd('/');
        }
        else if (value.Contains("://", StringComparison.Ordinal))
        {
            throw new UsageException($"the endpoint '{text}' is not HOST[:PORT]", "the credentials provider speaks HTTPS only; pass the host name, e.g. abc123.credentials.iot.eu-west-1.amazonaws.com");
        }

        if (value.Contains('/', StringComparison.Ordinal))
        {
            throw new UsageException($"the endpoint '{text}' has a path", "pass the host name only; certcreds adds /role-aliases/ALIAS/credentials itself");
        }

        string host;
        var port = IotProtocol.DefaultPort;
        string? portText = null;
        if (value.StartsWith('['))
        {
            var close = value.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new UsageException($"the endpoint '{text}' has an unclosed '['", "write IPv6 endpoints as [ADDRESS]:PORT");
            }

            host = value[1..close];
            if (close + 1 < value.Length)
            {
                if (value[close + 1] != ':')
                {
                    throw new UsageException($"the endpoint '{text}' is not HOST[:PORT]", "write IPv6 endpoints as [ADDRESS]:PORT");
                }

                portText = value[(close + 2)..];
            }
        }
        else
        {
            var colon = value.LastIndexOf(':');
            host = colon < 0 ? value : value[..colon];
            portText = colon < 0 ? null : value[(colon + 1)..];
        }

        if (portText is not null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new UsageException($"the endpoint '{text}' has an invalid port", "use HOST or HOST:PORT with a port from 1 to 65535");
        }

        if (host.Length == 0 || Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            throw new UsageException($"the endpoint '{text}' is not a valid host name", "pass the host name from 'aws iot describe-endpoint --endpoint-type iot:CredentialProvider'");
        }

        return new IotEndpoint(host, port);
    }

    public override string ToString() => Authority;
}
