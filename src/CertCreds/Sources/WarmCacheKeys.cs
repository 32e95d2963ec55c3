using System.Reflection;
using CertCreds.Credentials;
using CertCreds.Errors;
using CertCreds.Keys;
using CertCreds.Keys.Hardware;
using CertCreds.Platform;

namespace CertCreds.Sources;

/// <summary>
/// The <see cref="WarmCacheKey"/> of one set of <see cref="CredentialSettings"/>, built from what the user named and
/// never from what the files hold, so that it costs no OpenSSL and no private-key operation. Source-generic: the
/// source contributes its <see cref="ICredentialSource.Kind"/>, <see cref="ICredentialSource.CacheKeyParts"/> and
/// <see cref="ICredentialSource.CommandLineOptions"/>, which together name everything that changes its answer.
/// </summary>
public static class WarmCacheKeys
{
    /// <summary>
    /// The key for <paramref name="settings"/>. Everything that changes the credentials handed out is in it: the
    /// source's settings, the identity options (a key that is not a file, such as a <c>pkcs11:</c> URI, as text
    /// without its PIN; a key file by its stamp), the trust anchors (a <c>--ca-cert</c> file by its stamp; the
    /// embedded ones through the product version) and the product itself (version and executable), so an upgrade
    /// never serves an entry an older build wrote. The deadline is left out: it does not change the answer.
    /// </summary>
    /// <returns>The key, or null when the settings cannot be fingerprinted safely (a malformed key URI: the ordinary path reports it).</returns>
    /// <param name="cacheDirectory">
    /// The file cache's folder (from HOME or XDG_CACHE_HOME): the keyring is per user, the file cache per folder, so a
    /// run with another cache folder (another HOME under the same user ID) never takes an entry the other one stored.
    /// </param>
    public static WarmCacheKey? For(CredentialSettings settings, FileReader files, IReadOnlyList<IKeySource> keySources, string? executablePath, string? cacheDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(keySources);
        var source = settings.Source;
        var identity = settings.Identity;
        var settingPairs = new List<KeyValuePair<string, string?>>
        {
            new("version", ProductVersion),
            new("cache-folder", cacheDirectory ?? "none"),
        };
        // A token can hold the certificate: then the key's URI (below) names it, and there is no file to stamp.
        var identityFiles = new List<string>();
        if (identity.CertificatePath is not null)
        {
            identityFiles.Add(files.Resolve(identity.CertificatePath));
        }

        var keySource = KeySources.For(keySources, identity.PrivateKeyPath);
        var shownKey = identity.PrivateKeyPath;
        settingPairs.Add(new("key-source", keySource.Kind));
        if (keySource is FileKeySource)
        {
            if (identity.PrivateKeyPath is not null)
            {
                identityFiles.Add(files.Resolve(identity.PrivateKeyPath));
                shownKey = "file";
            }
        }
        else if (Pkcs11Uri.IsPkcs11Uri(identity.PrivateKeyPath))
        {
            // The PIN changes nothing about the answer and must not be hashed where a guess could be checked.
            try
            {
                shownKey = Pkcs11Uri.Parse(identity.PrivateKeyPath!).ToString();
            }
            catch (UsageException)
            {
                return null;
            }
        }

        if (identity.PasswordFile is not null)
        {
            identityFiles.Add(files.Resolve(identity.PasswordFile));
        }

        if (identity.IntermediatesPath is not null)
        {
            identityFiles.Add(files.Resolve(identity.IntermediatesPath));
        }

        // Every identity option, including ones added later, through the record's own text; the key as shown above.
        settingPairs.Add(new("identity", (identity with { PrivateKeyPath = shownKey, CertificatePath = identity.CertificatePath is null ? "token" : "file", IntermediatesPath = identity.IntermediatesPath is null ? null : "file", PasswordFile = identity.PasswordFile is null ? null : "file" }).ToString()));
        settingPairs.Add(new("ca-cert", settings.CaCertPath is null ? "embedded" : "file"));
        if (settings.CaCertPath is not null)
        {
            identityFiles.Add(files.Resolve(settings.CaCertPath));
        }

        var parts = source.CacheKeyParts;
        settingPairs.Add(new("parts", parts.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        settingPairs.AddRange(parts.Select(part => new KeyValuePair<string, string?>("part", part)));
        settingPairs.AddRange(source.CommandLineOptions);
        if (executablePath is not null)
        {
            identityFiles.Add(executablePath);
        }

        return new WarmCacheKey(source.Kind, settingPairs, identityFiles);
    }

    /// <summary>The product version with its source revision (<c>0.1.0+COMMIT</c>).</summary>
    public static string ProductVersion { get; } =
        typeof(WarmCacheKeys).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
