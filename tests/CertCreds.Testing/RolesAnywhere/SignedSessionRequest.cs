using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CertCreds.Protocol;
using CertCreds.Providers.RolesAnywhere;

namespace CertCreds.Testing.RolesAnywhere;

/// <summary>
/// CreateSession requests signed by the client's real <see cref="SigV4X509Signer"/>, so the emulator's verifier
/// (written apart from it) and the signer are proven against each other; each <see cref="SessionSigningOptions"/>
/// switch then breaks one part of an otherwise correct request. Independent checks of the signer live in the
/// Python verifier/signer tests.
/// </summary>
public static class SignedSessionRequest
{
    public static HttpRequestMessage Create(Uri listener, X509Certificate2 leaf, SessionSigningOptions options)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(options);
        KeyValuePair<string, string>[] query =
        [
            new(RolesAnywhereProtocol.ProfileArnParameter, options.ProfileArn),
            new(RolesAnywhereProtocol.RoleArnParameter, options.RoleArn),
            new(RolesAnywhereProtocol.TrustAnchorArnParameter, options.TrustAnchorArn),
        ];
        var body = options.Body ?? Encoding.UTF8.GetBytes(BodyJson(options));
        var host = $"{listener.Host}:{listener.Port}";
        var signed = SigV4X509Signer.Sign(
            new SigV4X509Request("POST", host, RolesAnywhereProtocol.SessionsPath, query, [new("Content-Type", RolesAnywhereProtocol.ContentType)], options.SignedBody ?? body),
            options.Region,
            leaf,
            [.. options.Intermediates],
            options.Date);
        var authorization = signed.Authorization;
        if (options.ScopeService is { } service)
        {
            authorization = SignUnderService(leaf, signed, service);
        }

        if (options.TamperSignature)
        {
            // Flip one bit of the last signature byte: still well-formed hex, no longer a valid signature.
            var last = Convert.ToInt32(authorization[^1..], 16) ^ 0x1;
            authorization = authorization[..^1] + last.ToString("x", CultureInfo.InvariantCulture);
        }

        var message = new HttpRequestMessage(HttpMethod.Post, new Uri(listener, RolesAnywhereProtocol.SessionsPath + "?" + SigV4X509Signer.CanonicalQuery(query)))
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue(RolesAnywhereProtocol.ContentType) } },
        };
        message.Headers.Host = host;
        foreach (var (name, value) in signed.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, name == RolesAnywhereProtocol.AuthorizationHeader ? authorization : value);
        }

        return message;
    }

    /// <summary>
    /// The real signer's canonical request, signed again under a scope naming another service: a correctly signed
    /// request that the service must still refuse for its scope. (The signer itself always names rolesanywhere.)
    /// </summary>
    private static string SignUnderService(X509Certificate2 leaf, SigV4X509Signature signed, string service)
    {
        var scope = signed.Scope.Replace($"/{RolesAnywhereProtocol.ServiceName}/", $"/{service}/", StringComparison.Ordinal);
        var stringToSign = string.Join('\n', signed.Algorithm, signed.AmzDate, scope, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(signed.CanonicalRequest))));
        var data = Encoding.UTF8.GetBytes(stringToSign);
        using var rsa = leaf.GetRSAPrivateKey();
        using var ecdsa = rsa is null ? leaf.GetECDsaPrivateKey() : null;
        var signature = rsa is not null
            ? rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : ecdsa!.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return $"{signed.Algorithm} Credential={signed.SerialNumber}/{scope}, SignedHeaders={signed.SignedHeaders}, Signature={Convert.ToHexStringLower(signature)}";
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
