using System.Net;
using CertCreds.Errors;
using CertCreds.Providers;

namespace CertCreds.Tests.Providers;

public sealed class ProxySettingsTests
{
    [Theory]
    [InlineData("localhost", "localhost", true)]
    [InlineData(".amazonaws.com", "abc.credentials.iot.us-east-1.amazonaws.com", true)]
    [InlineData("amazonaws.com", "abc.credentials.iot.us-east-1.amazonaws.com", true)]
    [InlineData("example.com, localhost:8443", "localhost", true)]
    [InlineData("*", "anything", true)]
    [InlineData("example.com", "notexample.com", false)]
    [InlineData("", "localhost", false)]
    public void No_proxy_follows_curl_rules(string noProxy, string host, bool exempt)
    {
        Assert.Equal(exempt, ProxySettings.IsExempt(noProxy, host));
    }

    [Fact]
    public void Proxy_credentials_come_from_the_url()
    {
        var proxy = Assert.IsType<WebProxy>(ProxySettings.Create("http://user:p%40ss@proxy.local:3128", null, "host.example"));
        Assert.Equal(new Uri("http://proxy.local:3128/"), proxy.Address);
        var credential = Assert.IsType<NetworkCredential>(proxy.Credentials);
        Assert.Equal("user", credential.UserName);
        Assert.Equal("p@ss", credential.Password);
    }

    [Fact]
    public void A_bad_proxy_url_is_a_usage_error_that_does_not_echo_its_password()
    {
        var e = Assert.Throws<UsageException>(() => ProxySettings.Create("socks5://user:hunter2@proxy:1080", null, "host"));
        Assert.DoesNotContain("hunter2", e.Message + e.Hint, StringComparison.Ordinal);
    }
}
