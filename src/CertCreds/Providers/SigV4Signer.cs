using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CertCreds.Providers;

/// <summary>
/// AWS Signature Version 4 for one bodiless GET: all <c>--discover-endpoint</c> needs, so no SDK is pulled into the
/// AOT binary for it. Pure: the time is a parameter.
/// </summary>
public static class SigV4Signer
{
    private const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>The headers to add: <c>x-amz-date</c>, <c>Authorization</c> and, with a session token, <c>x-amz-security-token</c>.</summary>
    /// <param name="uri">Absolute URI whose query is already in canonical form (sorted, RFC 3986 encoded).</param>
    public static IReadOnlyList<KeyValuePair<string, string>> SignGet(Uri uri, string region, string service, AwsKeys keys, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(keys);
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var host = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port.ToString(CultureInfo.InvariantCulture)}";
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["host"] = host, ["x-amz-date"] = amzDate };
        if (keys.SessionToken is not null)
        {
            headers["x-amz-security-token"] = keys.SessionToken;
        }

        var signedHeaders = string.Join(';', headers.Keys);
        var canonical = string.Join('\n', "GET", uri.AbsolutePath, uri.Query.TrimStart('?'), string.Concat(headers.Select(h => $"{h.Key}:{h.Value}\n")), signedHeaders, EmptyPayloadHash);
        var scope = $"{date}/{region}/{service}/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + keys.SecretAccessKey);
        foreach (var part in (string[])[date, region, service, "aws4_request"])
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        var signature = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
        var result = new List<KeyValuePair<string, string>>
        {
            new("x-amz-date", amzDate),
            new("Authorization", $"AWS4-HMAC-SHA256 Credential={keys.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}"),
        };
        if (keys.SessionToken is not null)
        {
            result.Add(new("x-amz-security-token", keys.SessionToken));
        }

        return result;
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
