using System.Security.Cryptography;
using System.Text;

namespace CertCreds.Credentials;

/// <summary>
/// What identifies one cache entry: the upstream (provider kind and endpoint), what was asked for (role alias,
/// thing name) and who asked (certificate ID). Any change gives a different entry.
/// </summary>
public sealed record CacheKey(string Provider, string Endpoint, string RoleAlias, string? ThingName, string CertificateId)
{
    /// <summary>Lower-case hex SHA-256 of the fields, one per line: safe as a file name, reveals none of them.</summary>
    public string Id
    {
        get
        {
            var canonical = string.Join('\n', "certcreds-cache-key-v1", Provider, Endpoint, RoleAlias, ThingName ?? string.Empty, CertificateId);
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        }
    }
}
