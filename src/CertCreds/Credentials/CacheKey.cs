using System.Security.Cryptography;
using System.Text;

namespace CertCreds.Credentials;

/// <summary>
/// What identifies one cache entry: the upstream (the source's kind), what was asked for (the source's key parts:
/// endpoint, role alias, thing name for IoT) and who asked (certificate ID). Any change gives a different entry.
/// </summary>
public sealed class CacheKey
{
    /// <param name="provider">The credential source's kind (<c>iot</c>, <c>rolesanywhere</c>).</param>
    /// <param name="parts">The source's own key parts, in its fixed order; null is written as empty.</param>
    /// <param name="certificateId">The device certificate's ID.</param>
    public CacheKey(string provider, IReadOnlyList<string?> parts, string certificateId)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(certificateId);
        Provider = provider;
        Parts = [.. parts];
        CertificateId = certificateId;
    }

    /// <summary>The IoT key: endpoint, role alias, thing name.</summary>
    public CacheKey(string provider, string endpoint, string roleAlias, string? thingName, string certificateId)
        : this(provider, [endpoint, roleAlias, thingName], certificateId)
    {
    }

    public string Provider { get; }

    public IReadOnlyList<string?> Parts { get; }

    public string CertificateId { get; }

    /// <summary>Lower-case hex SHA-256 of the fields, one per line: safe as a file name, reveals none of them.</summary>
    public string Id
    {
        get
        {
            var canonical = string.Join('\n', ["certcreds-cache-key-v1", Provider, .. Parts.Select(part => part ?? string.Empty), CertificateId]);
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        }
    }

    public override string ToString() => $"CacheKey {{ Provider = {Provider}, Id = {Id} }}";
}
