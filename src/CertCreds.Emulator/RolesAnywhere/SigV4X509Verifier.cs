using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace CertCreds.Emulator.RolesAnywhere;

/// <summary>
/// The server side of SigV4-X509, written independently of the client's signer so that the two only meet in the
/// end-to-end tests: parses <c>Authorization</c>, checks the date window and the scope, rebuilds the canonical
/// request from what was received (method, path, canonical query, signed headers, SHA-256 of the body) and the
/// string to sign, and verifies the signature with the public key of the <c>X-Amz-X509</c> certificate
/// (RSASSA-PKCS1-v1_5 or DER ECDSA, both over SHA-256). The chain is not judged here: that needs the trust anchor.
/// </summary>
public static class SigV4X509Verifier
{
    public const string RsaAlgorithm = "AWS4-X509-RSA-SHA256";
    public const string EcdsaAlgorithm = "AWS4-X509-ECDSA-SHA256";
    public const string Service = "rolesanywhere";
    public const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>How far the request's X-Amz-Date may be from the service's clock, either way.</summary>
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(5);

    public static SignatureCheck Verify(SessionRequest request, string region, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = ParseAuthorization(request.SingleHeader("Authorization"));
        if (authorization is null)
        {
            return SignatureCheck.Fail(RolesAnywhereMessages.MissingAuthentication);
        }

        var (algorithm, credential, signedHeaders, signatureHex) = authorization.Value;
        if (algorithm is not (RsaAlgorithm or EcdsaAlgorithm))
        {
            return SignatureCheck.Fail(RolesAnywhereMessages.UnsupportedAlgorithm);
        }

        var dateText = request.SingleHeader("X-Amz-Date");
        if (dateText is null || !DateTimeOffset.TryParseExact(dateText, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
        {
            return SignatureCheck.Fail(RolesAnywhereMessages.MissingDate);
        }

        if (date < now - AllowedSkew)
        {
            return SignatureCheck.Fail(RolesAnywhereMessages.SignatureExpired(dateText, Format(now - AllowedSkew), Format(now)));
        }

        if (date > now + AllowedSkew)
        {
            return SignatureCheck.Fail(RolesAnywhereMessages.SignatureNotYetCurrent(dateText, Format(now + AllowedSkew), Format(now)));
        }

        // Credential = <serial>/<yyyymmdd>/<region>/rolesanywhere/aws4_request
        var parts = credential.Split('/');
        if (parts.Length != 5)
        {
            return SignatureCheck.Fail(RolesAnywhereMessages.MissingAuthentication);
        }

        if (!string.Equals(parts[1], dateText[..8], StringComparison.Ordinal))
        {
            return SignatureCheck.Fail(RolesAnywhereMessages.WrongScopeDate);
        }

        if (!string.Equals(parts[2], region, StringComparison.Ordinal))
        {
            return SignatureCheck.Fail(RolesAnywhereMessages.WrongRegion);
        }

        if (!string.Equals(parts[3], Service, StringComparison.Ordinal))
        {
            return SignatureCheck.Fail(RolesAnywhereMessages.WrongService);
        }

        if (!string.Equals(parts[4], "aws4_request", StringComparison.Ordinal))
        {
            return SignatureCheck.Fail(RolesAnywhereMessages.WrongTerminator);
        }

        if (!signedHeaders.Contains("host") || !signedHeaders.Contains("x-amz-date"))
        {
            return SignatureCheck.Fail(RolesAnywhereMessages.UnsignedRequiredHeader);
        }

        var leaf = DecodeCertificate(request.SingleHeader("X-Amz-X509"));
        if (leaf is null)
        {
            return SignatureCheck.Fail(RolesAnywhereMessages.MissingCertificate);
        }

        var keep = false;
        List<X509Certificate2> intermediates = [];
        try
        {
            var serial = new BigInteger(leaf.SerialNumberBytes.Span, isUnsigned: true, isBigEndian: true).ToString(CultureInfo.InvariantCulture);
            if (!string.Equals(parts[0], serial, StringComparison.Ordinal))
            {
                return SignatureCheck.Fail(RolesAnywhereMessages.SerialMismatch);
            }

            if (!TryDecodeHex(signatureHex, out var signature))
            {
                return SignatureCheck.Fail(RolesAnywhereMessages.InvalidSignature);
            }

            var canonical = CanonicalRequest(request, signedHeaders);
            if (canonical is null)
            {
                // A header the signature claims to cover is not in the request.
                return SignatureCheck.Fail(RolesAnywhereMessages.InvalidSignature);
            }

            var stringToSign = StringToSign(algorithm, dateText, $"{parts[1]}/{parts[2]}/{parts[3]}/{parts[4]}", canonical);
            var verdict = VerifySignature(leaf, algorithm, Encoding.UTF8.GetBytes(stringToSign), signature);
            if (verdict is not null)
            {
                return SignatureCheck.Fail(verdict);
            }

            var chainHeader = request.SingleHeader("X-Amz-X509-Chain");
            if (chainHeader is not null)
            {
                foreach (var item in chainHeader.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    var intermediate = DecodeCertificate(item);
                    if (intermediate is null)
                    {
                        return SignatureCheck.Fail(RolesAnywhereMessages.UntrustedCertificate);
                    }

                    intermediates.Add(intermediate);
                }
            }

            keep = true;
            return new SignatureCheck(new VerifiedSigner(leaf, intermediates, serial), null);
        }
        finally
        {
            if (!keep)
            {
                leaf.Dispose();
                intermediates.ForEach(c => c.Dispose());
            }
        }
    }

    /// <summary>
    /// The canonical request for the given signed headers (lower-case, in the order the Authorization header lists
    /// them), or null when one of them is absent.
    /// </summary>
    public static string? CanonicalRequest(SessionRequest request, IReadOnlyList<string> signedHeaders)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(signedHeaders);
        var text = new StringBuilder();
        text.Append(request.Method).Append('\n');
        text.Append(CanonicalUri(request.RawPath)).Append('\n');
        text.Append(CanonicalQuery(request.RawQuery)).Append('\n');
        foreach (var name in signedHeaders)
        {
            var values = request.HeaderValues(name).ToList();
            if (values.Count == 0)
            {
                return null;
            }

            text.Append(name).Append(':').Append(string.Join(',', values.Select(CollapseSpaces))).Append('\n');
        }

        text.Append('\n');
        text.Append(string.Join(';', signedHeaders)).Append('\n');
        text.Append(Convert.ToHexStringLower(SHA256.HashData(request.Body)));
        return text.ToString();
    }

    public static string StringToSign(string algorithm, string amzDate, string scope, string canonicalRequest) =>
        $"{algorithm}\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

    /// <summary>
    /// Each path segment normalised to one level of RFC 3986 encoding, then encoded again: SigV4 double-encodes
    /// the path for every service but S3, and Roles Anywhere is signed with the default.
    /// </summary>
    public static string CanonicalUri(string rawPath)
    {
        if (string.IsNullOrEmpty(rawPath))
        {
            return "/";
        }

        return string.Join('/', rawPath.Split('/').Select(segment => UriEncode(UriEncode(Uri.UnescapeDataString(segment)))));
    }

    /// <summary>Parameters decoded, re-encoded per RFC 3986 (space as %20), sorted by name then value.</summary>
    public static string CanonicalQuery(string rawQuery)
    {
        var query = rawQuery.StartsWith('?') ? rawQuery[1..] : rawQuery;
        var pairs = new List<(string Name, string Value)>();
        foreach (var item in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? item : item[..equals];
            var value = equals < 0 ? "" : item[(equals + 1)..];
            pairs.Add((UriEncode(Uri.UnescapeDataString(name)), UriEncode(Uri.UnescapeDataString(value))));
        }

        pairs.Sort((a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', pairs.Select(p => $"{p.Name}={p.Value}"));
    }

    /// <summary>RFC 3986: unreserved characters stay, every other UTF-8 byte becomes %XX (upper-case hex).</summary>
    public static string UriEncode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                text.Append(c);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    private static string? VerifySignature(X509Certificate2 leaf, string algorithm, byte[] data, byte[] signature)
    {
        if (algorithm == RsaAlgorithm)
        {
            using var rsa = leaf.GetRSAPublicKey();
            if (rsa is null)
            {
                return RolesAnywhereMessages.KeyMismatch;
            }

            return rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1) ? null : RolesAnywhereMessages.InvalidSignature;
        }

        using var ecdsa = leaf.GetECDsaPublicKey();
        if (ecdsa is null)
        {
            return RolesAnywhereMessages.KeyMismatch;
        }

        try
        {
            return ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence) ? null : RolesAnywhereMessages.InvalidSignature;
        }
        catch (CryptographicException)
        {
            // Not a DER sequence at all (e.g. a raw r||s signature).
            return RolesAnywhereMessages.InvalidSignature;
        }
    }

    private static (string Algorithm, string Credential, List<string> SignedHeaders, string Signature)? ParseAuthorization(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var space = header.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return null;
        }

        string? credential = null;
        string? signedHeaders = null;
        string? signature = null;
        foreach (var part in header[(space + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return null;
            }

            var value = part[(equals + 1)..];
            switch (part[..equals])
            {
                case "Credential": credential = value; break;
                case "SignedHeaders": signedHeaders = value; break;
                case "Signature": signature = value; break;
                default: return null;
            }
        }

        if (string.IsNullOrEmpty(credential) || string.IsNullOrEmpty(signedHeaders) || string.IsNullOrEmpty(signature))
        {
            return null;
        }

        var names = signedHeaders.Split(';').ToList();
        if (names.Exists(n => n.Length == 0 || !string.Equals(n, n.ToLowerInvariant(), StringComparison.Ordinal)))
        {
            return null;
        }

        return (header[..space], credential, names, signature);
    }

    private static X509Certificate2? DecodeCertificate(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        try
        {
            return X509CertificateLoader.LoadCertificate(Convert.FromBase64String(base64.Trim()));
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return null;
        }
    }

    private static bool TryDecodeHex(string hex, out byte[] bytes)
    {
        try
        {
            bytes = Convert.FromHexString(hex);
            return bytes.Length > 0;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }

    private static string CollapseSpaces(string value)
    {
        var text = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value.Trim())
        {
            if (c is ' ' or '\t')
            {
                space = true;
                continue;
            }

            if (space)
            {
                text.Append(' ');
                space = false;
            }

            text.Append(c);
        }

        return text.ToString();
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);
}
