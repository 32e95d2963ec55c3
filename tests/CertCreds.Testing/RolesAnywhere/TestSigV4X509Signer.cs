using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace CertCreds.Testing.RolesAnywhere;

/// <summary>
/// A small test-only SigV4-X509 signer for CreateSession, kept apart from the emulator's verifier (it builds the
/// canonical request its own way, from the values it sends rather than from a received request). The real client
/// signer replaces it in the end-to-end tests; until then it lets tests make correct requests and break them one
/// part at a time (<see cref="SessionSigningOptions"/>).
/// </summary>
public static class TestSigV4X509Signer
{
    public static HttpRequestMessage CreateSession(Uri listener, X509Certificate2 leaf, SessionSigningOptions options)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(options);
        var query = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["profileArn"] = options.ProfileArn,
            ["roleArn"] = options.RoleArn,
            ["trustAnchorArn"] = options.TrustAnchorArn,
        };
        var canonicalQuery = string.Join('&', query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        var body = options.Body ?? Encoding.UTF8.GetBytes(BodyJson(options));
        var amzDate = options.Date.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var host = $"{listener.Host}:{listener.Port}";
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-type"] = "application/json",
            ["host"] = host,
            ["x-amz-date"] = amzDate,
            ["x-amz-x509"] = Convert.ToBase64String(leaf.RawData),
        };
        if (options.Intermediates.Count > 0)
        {
            headers["x-amz-x509-chain"] = string.Join(',', options.Intermediates.Select(c => Convert.ToBase64String(c.RawData)));
        }

        var signedHeaders = string.Join(';', headers.Keys);
        var canonicalRequest = new StringBuilder()
            .Append("POST\n/sessions\n").Append(canonicalQuery).Append('\n')
            .Append(string.Concat(headers.Select(h => $"{h.Key}:{h.Value}\n"))).Append('\n')
            .Append(signedHeaders).Append('\n')
            .Append(Convert.ToHexStringLower(SHA256.HashData(options.SignedBody ?? body)))
            .ToString();
        using var rsa = leaf.GetRSAPrivateKey();
        using var ecdsa = rsa is null ? leaf.GetECDsaPrivateKey() : null;
        var algorithm = rsa is not null ? "AWS4-X509-RSA-SHA256" : "AWS4-X509-ECDSA-SHA256";
        var scope = $"{amzDate[..8]}/{options.ScopeRegion ?? options.Region}/{options.ScopeService}/aws4_request";
        var stringToSign = $"{algorithm}\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var data = Encoding.UTF8.GetBytes(stringToSign);
        var signature = rsa is not null
            ? rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : (ecdsa ?? throw new ArgumentException("The certificate has no RSA or EC private key.", nameof(leaf))).SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        if (options.TamperSignature)
        {
            signature[^1] ^= 0x01;
        }

        var serial = new BigInteger(leaf.SerialNumberBytes.Span, isUnsigned: true, isBigEndian: true).ToString(CultureInfo.InvariantCulture);
        var message = new HttpRequestMessage(HttpMethod.Post, new Uri(listener, "/sessions?" + canonicalQuery))
        {
            Content = new ByteArrayContent(body),
        };
        message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        message.Headers.Host = host;
        message.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        message.Headers.TryAddWithoutValidation("X-Amz-X509", headers["x-amz-x509"]);
        if (headers.TryGetValue("x-amz-x509-chain", out var chain))
        {
            message.Headers.TryAddWithoutValidation("X-Amz-X509-Chain", chain);
        }

        message.Headers.TryAddWithoutValidation("Authorization", $"{algorithm} Credential={serial}/{scope}, SignedHeaders={signedHeaders}, Signature={Convert.ToHexStringLower(signature)}");
        return message;
    }

    private static string BodyJson(SessionSigningOptions options)
    {
        var parts = new List<string>();
        if (options.DurationSeconds is { } duration)
        {
            parts.Add($"\"durationSeconds\":{duration.ToString(CultureInfo.InvariantCulture)}");
        }

        if (options.RoleSessionName is { } name)
        {
            parts.Add($"\"roleSessionName\":\"{name}\"");
        }

        return "{" + string.Join(',', parts) + "}";
    }
}
