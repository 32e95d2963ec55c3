using CertCreds.Errors;
using CertCreds.Providers;

namespace CertCreds.Tests.Providers;

public sealed class IotEndpointTests
{
    [Theory]
    [InlineData("abc.credentials.iot.ap-northeast-1.amazonaws.com", "abc.credentials.iot.ap-northeast-1.amazonaws.com", 443)]
    [InlineData("localhost:8443", "localhost", 8443)]
    [InlineData("https://abc.credentials.iot.us-east-1.amazonaws.com/", "abc.credentials.iot.us-east-1.amazonaws.com", 443)]
    [InlineData("127.0.0.1:9", "127.0.0.1", 9)]
    [InlineData("[::1]:8443", "::1", 8443)]
    public void Accepts_host_and_optional_port(string text, string host, int port)
    {
        var endpoint = IotEndpoint.Parse(text);
        Assert.Equal(host, endpoint.Host);
        Assert.Equal(port, endpoint.Port);
    }

    [Theory]
    [InlineData("")]
    [InlineData("http://abc.example")]
    [InlineData("host:0")]
    [InlineData("host:70000")]
    [InlineData("host:abc")]
    [InlineData("host/role-aliases/x/credentials")]
    [InlineData("bad host name")]
    public void Rejects_what_is_not_host_and_port(string text)
    {
        Assert.Throws<UsageException>(() => IotEndpoint.Parse(text));
    }

    [Fact]
    public void Authority_omits_the_default_port_and_brackets_ipv6()
    {
        Assert.Equal("a.credentials.iot.x.amazonaws.com", IotEndpoint.Parse("a.credentials.iot.x.amazonaws.com:443").Authority);
        Assert.Equal("[::1]:8443", IotEndpoint.Parse("[::1]:8443").Authority);
    }

    [Fact]
    public void The_data_endpoint_is_recognised()
    {
        Assert.True(IotEndpoint.Parse("abc-ats.iot.eu-west-1.amazonaws.com").LooksLikeDataEndpoint);
        Assert.False(IotEndpoint.Parse("abc.credentials.iot.eu-west-1.amazonaws.com").LooksLikeDataEndpoint);
    }

    [Theory]
    [InlineData("alias/with/slash")]
    [InlineData("alias?x=1")]
    [InlineData("")]
    public void Invalid_role_aliases_are_usage_errors(string alias)
    {
        Assert.Throws<UsageException>(() => new IotCredentialsRequest(IotEndpoint.Parse("localhost"), alias, null));
    }

    [Theory]
    [InlineData("thing\r\nX-Injected: 1")]
    [InlineData("thing name")]
    public void Invalid_thing_names_are_usage_errors_so_no_header_can_be_injected(string thing)
    {
        Assert.Throws<UsageException>(() => new IotCredentialsRequest(IotEndpoint.Parse("localhost"), "alias", thing));
    }
}
