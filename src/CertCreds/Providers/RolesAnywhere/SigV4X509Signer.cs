using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CertCreds.Errors;
using CertCreds.Protocol;

namespace CertCreds.Providers.RolesAnywhere;

/// <summary>
/// SigV4-X509, IAM Roles Anywhere's request signature: SigV4's canonical request and string to sign, with the
/// scope <c>DATE/REGION/rolesanywhere/aws4_request</c>, signed by the certificate's private key instead of an
/// HMAC key — RSASSA-PKCS1-v1_5 over SHA-256, or ECDSA over SHA-256 with a DER signature (what the service
/// verifies; .NET's default is the IEEE P1363 r‖s form, which it refuses). Pure: the time is a parameter.
/// </summary>
public static class SigV4X509Signer
{
    private const string Terminator = "aws4_request";

    /// <summary>Signs with the private key attached to <paramref name="certificate"/>.</summary>
    public static SigV4X509Signature Sign(SigV4X509Request request, string region, X509Certificate2 certificate, IReadOnlyCollection<X509Certificate2> intermediates, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var key = PrivateKey(certificate);
        return Sign(request, region, certificate, intermediates, key, now);
    }

    /// <summary>Signs with <paramref name="key"/>, which must be the private key of <paramref name="certificate"/>.</summary>
    public static SigV4X509Signature Sign(SigV4X509Request request, string region, X509Certificate2 certificate, IReadOnlyCollection<X509Certificate2> intermediates, AsymmetricAlgorithm key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(region);
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(intermediates);
        ArgumentNullException.ThrowIfNull(key);
        var algorithm = AlgorithmFor(key);
        var amzDate = now.UtcDateTime.ToString(RolesAnywhereProtocol.AmzDateFormat, CultureInfo.InvariantCulture);
        var scope = $"{amzDate[..8]}/{region}/{RolesAnywhereProtocol.ServiceName}/{Terminator}";
        var serial = SerialNumber(certificate);

        var added = new List<KeyValuePair<string, string>>
        {
            new(RolesAnywhereProtocol.DateHeader, amzDate),
            new(RolesAnywhereProtocol.CertificateHeader, Convert.ToBase64String(certificate.RawData)),
        };
        if (intermediates.Count > 0)
        {
            added.Add(new(RolesAnywhereProtocol.ChainHeader, string.Join(',', intermediates.Select(c => Convert.ToBase64String(c.RawData)))));
        }

        var (canonicalHeaders, signedHeaders) = CanonicalHeaders([new("Host", request.Host), .. request.Headers, .. added]);
        var canonicalRequest = string.Join(
            '\n',
            request.Method.ToUpperInvariant(),
            request.Path,
            CanonicalQuery(request.Query),
            canonicalHeaders,
            signedHeaders,
            Hex(SHA256.HashData(request.Body)));
        var stringToSign = string.Join('\n', algorithm, amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
        var signature = Hex(SignData(key, Encoding.UTF8.GetBytes(stringToSign)));
        var authorization = $"{algorithm} Credential={serial}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
        added.Add(new(RolesAnywhereProtocol.AuthorizationHeader, authorization));
        return new SigV4X509Signature(algorithm, amzDate, scope, serial, signedHeaders, canonicalRequest, stringToSign, signature, authorization, added);
    }

    /// <summary>The algorithm name for the certificate's key; an <see cref="IdentityException"/> when Roles Anywhere cannot use it.</summary>
    public static string AlgorithmFor(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var key = PrivateKey(certificate);
        return AlgorithmFor(key);
    }

    /// <summary>The leaf's serial number as a decimal integer, as the Credential of the Authorization header carries it.</summary>
    public static string SerialNumber(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        // SerialNumberBytes is the DER INTEGER's content: big-endian two's complement.
        return new BigInteger(certificate.SerialNumberBytes.Span, isUnsigned: false, isBigEndian: true).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>SigV4's canonical query string: names and values RFC 3986-encoded, sorted by name then value, joined with <c>&amp;</c>.</summary>
    public static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return string.Join('&', parameters
            .Select(p => (Name: Encode(p.Key), Value: Encode(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));
    }

    /// <summary>RFC 3986 percent-encoding: everything but <c>A–Z a–z 0–9 - _ . ~</c>, as UTF-8 bytes in upper-case hex.</summary>
    public static string Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>Lower-case names, values trimmed with inner runs of spaces collapsed, sorted by name; repeated names joined with commas.</summary>
    private static (string Canonical, string Signed) CanonicalHeaders(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var byName = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            var lower = name.ToLowerInvariant();
            if (!byName.TryGetValue(lower, out var values))
            {
                byName[lower] = values = [];
            }

            values.Add(CollapseSpaces(value));
        }

        var canonical = new StringBuilder();
        foreach (var (name, values) in byName)
        {
            canonical.Append(name).Append(':').Append(string.Join(',', values)).Append('\n');
        }

        return (canonical.ToString(), string.Join(';', byName.Keys));
    }

    private static string CollapseSpaces(string value)
    {
        var trimmed = value.Trim();
        var builder = new StringBuilder(trimmed.Length);
        var previousSpace = false;
        foreach (var c in trimmed)
        {
            if (c == ' ' && previousSpace)
            {
                continue;
            }

            previousSpace = c == ' ';
            builder.Append(c);
        }

        return builder.ToString();
    }

    private static string AlgorithmFor(AsymmetricAlgorithm key) => key switch
    {
        RSA => RolesAnywhereProtocol.RsaAlgorithm,
        ECDsa => RolesAnywhereProtocol.EcdsaAlgorithm,
        _ => throw new IdentityException(
            $"the certificate's key is {TerminalText.Escape(key.SignatureAlgorithm ?? key.GetType().Name)}, which IAM Roles Anywhere cannot sign with",
            "use a certificate with an RSA or EC (P-256, P-384) key"),
    };

    private static AsymmetricAlgorithm PrivateKey(X509Certificate2 certificate)
    {
        AsymmetricAlgorithm? key;
        try
        {
            key = (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() ?? certificate.GetECDsaPrivateKey();
        }
        catch (CryptographicException e)
        {
            throw new IdentityException("the certificate's private key cannot be used for signing", "pass the matching key with --private-key (RSA or EC)", e);
        }

        return key ?? throw new IdentityException(
            "the certificate has no usable RSA or EC private key to sign the Roles Anywhere request with",
            "pass the matching key with --private-key (IAM Roles Anywhere accepts RSA and EC keys)");
    }

    private static byte[] SignData(AsymmetricAlgorithm key, byte[] data)
    {
        try
        {
            return key switch
            {
                RSA rsa => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
                // SHA-256 whatever the curve: the algorithm name fixes the hash.
                ECDsa ec => ec.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence),
                _ => throw new UnreachableException(),
            };
        }
        catch (CryptographicException e)
        {
            throw new IdentityException("signing the Roles Anywhere request with the private key failed", "check that --private-key is the certificate's key and is readable (RSA or EC)", e);
        }
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
