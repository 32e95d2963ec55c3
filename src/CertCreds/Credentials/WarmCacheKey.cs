using System.Buffers.Binary;
using System.Text;
using CertCreds.Platform;

namespace CertCreds.Credentials;

/// <summary>
/// What a keyring warm-cache entry is for, fingerprinted without touching the identity's contents: the credential
/// source kind, its resolved settings (endpoint, role alias or ARNs, thing name, anything else that changes the
/// answer) and the identity files, each by full path and <see cref="FileStamp"/>. Any change to any of them gives
/// another fingerprint, so an entry can never outlive a certificate rotation or a changed option.
/// </summary>
/// <param name="Source">The credential source kind ("iot", "rolesanywhere").</param>
/// <param name="Settings">Resolved settings as name/value pairs, in a fixed order chosen by the source.</param>
/// <param name="IdentityFiles">Certificate, private key, chain and CA files (paths as given; made absolute here).</param>
public sealed record WarmCacheKey(string Source, IReadOnlyList<KeyValuePair<string, string?>> Settings, IReadOnlyList<string> IdentityFiles)
{
    private const string Version = "certcreds-warm-key-v1";

    /// <summary>
    /// Lower-case hex SHA-256 of the canonical form (every field length-prefixed, so no two keys encode alike), or
    /// null when an identity file cannot be stat'd: then there is nothing to trust a hit against, and the ordinary
    /// path reports the problem.
    /// </summary>
    public string? Fingerprint(Func<string, FileStamp?> stat)
    {
        ArgumentNullException.ThrowIfNull(stat);
        var canonical = new List<byte>(512);
        Append(canonical, Version);
        Append(canonical, Source);
        Append(canonical, Settings.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (name, value) in Settings)
        {
            Append(canonical, name);
            Append(canonical, value is null ? "\0null" : value);
        }

        Append(canonical, IdentityFiles.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Span<byte> stampBytes = stackalloc byte[40];
        foreach (var file in IdentityFiles)
        {
            var full = Path.GetFullPath(file);
            if (stat(full) is not { } stamp)
            {
                return null;
            }

            Append(canonical, full);
            BinaryPrimitives.WriteUInt64LittleEndian(stampBytes, stamp.Device);
            BinaryPrimitives.WriteUInt64LittleEndian(stampBytes[8..], stamp.Inode);
            BinaryPrimitives.WriteInt64LittleEndian(stampBytes[16..], stamp.Size);
            BinaryPrimitives.WriteInt64LittleEndian(stampBytes[24..], stamp.ModifiedNanoseconds);
            BinaryPrimitives.WriteInt64LittleEndian(stampBytes[32..], stamp.ChangedNanoseconds);
            canonical.AddRange(stampBytes);
        }

        return Convert.ToHexStringLower(ManagedSha256.HashData(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(canonical)));
    }

    private static void Append(List<byte> canonical, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        canonical.AddRange(length);
        canonical.AddRange(bytes);
    }
}
