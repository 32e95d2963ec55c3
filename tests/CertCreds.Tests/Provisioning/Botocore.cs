using System.Diagnostics;
using System.Text.Json;
using CertCreds.Provisioning.Aws;

namespace CertCreds.Tests.Provisioning;

/// <summary>botocore's own SigV4 signer (pyenv Python 3.11), run on the same request, time and headers as ours.</summary>
internal static class Botocore
{
    private const string Script = """
        import json, sys
        from botocore.awsrequest import AWSRequest
        from botocore.auth import SigV4Auth
        from botocore.credentials import Credentials
        a = json.loads(sys.argv[1])
        body = a['body'].encode('utf-8') if a['body'] is not None else None
        r = AWSRequest(method=a['method'], url=a['url'], data=body, headers=a['headers'])
        # add_auth would stamp the current time, so its steps are done here with the fixed one.
        r.context['timestamp'] = a['date']
        s = SigV4Auth(Credentials(a['key'], a['secret'], a['token']), a['service'], a['region'])
        signature = s.signature(s.string_to_sign(r, s.canonical_request(r)), r)
        print('AWS4-HMAC-SHA256 Credential=%s, SignedHeaders=%s, Signature=%s' % (s.scope(r), s.signed_headers(s.headers_to_sign(r)), signature))
        """;

    /// <summary>The Authorization header botocore computes for <paramref name="signed"/> (every header but Authorization given to it as is).</summary>
    public static async Task<string> AuthorizationAsync(SignedRequest signed, string method, string? body, string service, string region, string key, string secret, string? token)
    {
        var headers = signed.Headers.Where(h => h.Key != "Authorization").ToDictionary(h => h.Key, h => h.Value);
        var input = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["method"] = method,
            ["url"] = signed.Url.AbsoluteUri,
            ["body"] = body,
            ["headers"] = headers,
            ["date"] = signed.Header("X-Amz-Date"),
            ["service"] = service,
            ["region"] = region,
            ["key"] = key,
            ["secret"] = secret,
            ["token"] = token,
        });
        var python = File.Exists("/root/.pyenv/shims/python3") ? "/root/.pyenv/shims/python3" : "python3";
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Script);
        info.ArgumentList.Add(input);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, error);
        return output.Trim();
    }
}
