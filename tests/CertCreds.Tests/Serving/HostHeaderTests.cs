using System.Net;
using CertCreds.Serving;

namespace CertCreds.Tests.Serving;

public sealed class HostHeaderTests
{
    [Theory]
    [InlineData("127.0.0.1:8080", "127.0.0.1", 8080)]
    [InlineData("localhost:8080", "127.0.0.1", 8080)]
    [InlineData("LOCALHOST:8080", "::1", 8080)]
    [InlineData("[::1]:8080", "::1", 8080)]
    [InlineData("[::1]", "::1", 80)]
    [InlineData("127.0.0.1", "127.0.0.1", 80)]
    [InlineData("127.0.0.1:8080", "::ffff:127.0.0.1", 8080)]
    [InlineData("[::ffff:127.0.0.1]:8080", "127.0.0.1", 8080)]
    [InlineData("127.0.0.2:9", "127.0.0.2", 9)]
    [InlineData("[fe80::1]:9", "fe80::1", 9)]
    [InlineData("192.168.1.5:9", "192.168.1.5", 9)]
    public void The_connections_own_address_or_localhost_with_its_port_is_accepted(string host, string local, int port) =>
        Assert.True(HostHeader.IsAcceptable(host, new IPEndPoint(IPAddress.Parse(local), port)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("attacker.example:8080")]
    [InlineData("localhost.:8080")]
    [InlineData("localhost.attacker.example:8080")]
    [InlineData("127.0.0.1.attacker.example:8080")]
    [InlineData("127.0.0.1:8081")]
    [InlineData("127.0.0.1:")]
    [InlineData("127.0.0.1:+8080")]
    [InlineData("127.0.0.1:08080x")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.2:8080")]
    [InlineData("127.1:8080")]
    [InlineData("2130706433:8080")]
    [InlineData("::1:8080")]
    [InlineData("[::1]:8081")]
    [InlineData("[::1]x:8080")]
    [InlineData("[::1")]
    [InlineData("[127.0.0.1]:8080")]
    [InlineData("[fe80::1%eth0]:8080")]
    [InlineData("user@127.0.0.1:8080")]
    public void Names_other_ports_and_malformed_hosts_are_refused(string? host) =>
        Assert.False(HostHeader.IsAcceptable(host, new IPEndPoint(IPAddress.Loopback, 8080)));

    [Fact]
    public void An_ipv6_literal_is_compared_with_the_local_address_not_just_parsed() =>
        Assert.False(HostHeader.IsAcceptable("[::2]:8080", new IPEndPoint(IPAddress.IPv6Loopback, 8080)));
}
