using System.Diagnostics;
using CertCreds.Cli.Commands;
using CertCreds.Providers;

namespace CertCreds.Tests.Cli;

public sealed class SigV4SignerTests
{
    [Fact]
    public async Task The_describe_endpoint_signature_is_the_one_botocore_computes()
    {
        var uri = new Uri("http://127.0.0.1:5000/endpoint?endpointType=iot%3ACredentialProvider");
        var keys = new AwsKeys("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token");
        var headers = SigV4Signer.SignGet(uri, "us-east-1", "iot", keys, new DateTimeOffset(2026, 11, 29, 0, 58, 8, TimeSpan.Zero));
        var authorization = headers.Single(h => h.Key == "Authorization").Value;

        const string Script = """
            import sys
            from botocore.awsrequest import AWSRequest
            from botocore.auth import SigV4Auth
            from botocore.credentials import Credentials
            # add_auth would stamp the current time, so its steps are done here with the fixed one.
            r = AWSRequest(method='GET', url=sys.argv[1], headers={'X-Amz-Date': '20261129T005808Z', 'X-Amz-Security-Token': 'session-token'})
            r.context['timestamp'] = '20261129T005808Z'
            a = SigV4Auth(Credentials('AKIDEXAMPLE', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', 'session-token'), 'iot', 'us-east-1')
            signature = a.signature(a.string_to_sign(r, a.canonical_request(r)), r)
            print('AWS4-HMAC-SHA256 Credential=%s, SignedHeaders=%s, Signature=%s' % (a.scope(r), a.signed_headers(a.headers_to_sign(r)), signature))
            """;
        var python = File.Exists("/root/.pyenv/shims/python3") ? "/root/.pyenv/shims/python3" : "python3";
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["-c", Script, uri.OriginalString])
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var expected = (await process.StandardOutput.ReadToEndAsync()).Trim();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
        Assert.Equal(expected, authorization);
    }

    [Fact]
    public void Keys_never_print_their_secret()
    {
        Assert.DoesNotContain("s3cr3t", new AwsKeys("AKID", "s3cr3t", "t0ken").ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("t0ken", new AwsKeys("AKID", "s3cr3t", "t0ken").ToString(), StringComparison.Ordinal);
    }
}
