using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CertCreds.Certificates;
using CertCreds.Keys.Hardware;

namespace CertCreds.Keys;

/// <summary>
/// Keys in a PKCS#11 token (HSM, smart card, YubiKey, a TPM through tpm2-pkcs11), named by an RFC 7512 <c>pkcs11:</c>
/// URI in <c>--private-key</c>. The certificate comes from <c>--certificate</c> (intermediates may follow it there) or,
/// when none is given, from the token: the loader finds it by the URI and keeps the one its key's test signature
/// verifies with. Usable for TLS client authentication and for signing. The PIN comes from the URI, the password file,
/// CERTCREDS_PKCS11_PIN or the context's prompt, and is tried at most once per load (see <see cref="Pkcs11KeyLoader"/>).
/// </summary>
public sealed class Pkcs11KeySource : IKeySource
{
    public static Pkcs11KeySource Instance { get; } = new();

    public string Kind => "pkcs11";

    public bool Accepts(string? privateKey) => Pkcs11Uri.IsPkcs11Uri(privateKey);

    public DeviceIdentity Load(IdentityOptions options, KeyLoadContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var uri = Pkcs11Uri.Parse(options.PrivateKeyPath!, "--private-key");
        var loader = new Pkcs11KeyLoader(context.Files, context.GetEnvironmentVariable, context.PinPrompt);
        var key = loader.Load(uri, new Pkcs11KeyOptions(options.Pkcs11Module, options.CertificatePath, options.PasswordFile));
        var intermediates = options.CertificatePath is null ? [] : Intermediates(context, options.CertificatePath);
        try
        {
            IdentityParser.CheckValidity(options.CertificatePath ?? $"the token ({key.Description})", key.Certificate, context.Clock.GetUtcNow());
            return new DeviceIdentity(key.Certificate, intermediates, Kind, key.Description, key.Key);
        }
        catch
        {
            key.Dispose();
            foreach (var intermediate in intermediates)
            {
                intermediate.Dispose();
            }

            throw;
        }
    }

    /// <summary>The certificates after the first in a PEM certificate file: the chain up to (not including) the CA AWS knows.</summary>
    internal static X509Certificate2Collection Intermediates(KeyLoadContext context, string certificatePath)
    {
        var collection = new X509Certificate2Collection();
        var bytes = context.Files.Read(certificatePath, "certificate", "--certificate");
        var text = Encoding.UTF8.GetString(bytes);
        if (!text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            return collection;
        }

        try
        {
            collection.ImportFromPem(text);
        }
        catch (CryptographicException)
        {
            // The loader already read the leaf; a damaged tail is reported by the endpoint, not guessed at here.
            return [];
        }

        collection[0].Dispose();
        collection.RemoveAt(0);
        return collection;
    }
}
