using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using CertCreds.Errors;

namespace CertCreds.Tests.Errors;

public sealed class NetworkFaultTests
{
    [Theory]
    [InlineData("net_http_proxy_tunnel_returned_failure_status_code, http://127.0.0.1:3128/, 407", 407)]
    [InlineData("The proxy tunnel request to proxy 'http://127.0.0.1:3128/' failed with status code '502'.", 502)]
    public void The_proxy_status_is_found_in_a_stripped_or_a_full_message(string message, int status)
    {
        Assert.Equal(status, NetworkFault.ProxyStatus(new HttpRequestException(HttpRequestError.ProxyTunnelError, message)));
    }

    [Fact]
    public void The_proxy_status_code_property_wins()
    {
        Assert.Equal(403, NetworkFault.ProxyStatus(new HttpRequestException("x", null, HttpStatusCode.Forbidden)));
    }

    [Fact]
    public void A_plain_http_answer_to_tls_is_recognised_from_the_stripped_key_or_openssl()
    {
        Assert.True(NetworkFault.IsPlainTextAnswer(new HttpRequestException(HttpRequestError.SecureConnectionError, "net_http_ssl_connection_failed", new IOException("net_frame_read_size"))));
        Assert.True(NetworkFault.IsPlainTextAnswer(new AuthenticationException("auth", new IOException("error:0A00010B:SSL routines::wrong version number"))));
        Assert.False(NetworkFault.IsPlainTextAnswer(new HttpRequestException(HttpRequestError.SecureConnectionError, "net_http_ssl_connection_failed", new AuthenticationException("net_auth_SSPI"))));
    }

    [Fact]
    public void Descriptions_never_repeat_a_resource_key()
    {
        var failures = new Exception[]
        {
            new HttpRequestException(HttpRequestError.ConfigurationLimitExceeded, "net_http_response_headers_exceeded_length, 16384"),
            new HttpRequestException(HttpRequestError.ConnectionError, "net_http_connect_failed", new SocketException((int)SocketError.ConnectionRefused)),
            new HttpRequestException(HttpRequestError.SecureConnectionError, "net_http_ssl_connection_failed", new IOException("net_frame_read_size")),
            new HttpRequestException(HttpRequestError.ProxyTunnelError, "net_http_proxy_tunnel_returned_failure_status_code, http://p:1/, 502"),
            new IOException("net_io_eof"),
        };
        foreach (var failure in failures)
        {
            var words = NetworkFault.Describe(failure);
            Assert.DoesNotMatch(@"[a-z]+_[a-z]+_[a-z]+", words);
            Assert.NotEmpty(words);
        }
    }

    [Fact]
    public void Openssl_reasons_are_kept_because_openssl_text_is_not_stripped()
    {
        var failure = new AuthenticationException("net_auth_SSPI", new IOException("error:0A00045C:SSL routines::tlsv13 alert certificate required"));
        Assert.Equal("tlsv13 alert certificate required", NetworkFault.TlsReason(failure));
    }
}
