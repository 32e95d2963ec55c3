using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace CertCreds.Credentials;

/// <summary>
/// Encrypts cache entries with AES-256-GCM under a key only the holder of the device private key can derive,
/// so a copied cache file is useless without the device key.
/// <para>
/// Key derivation: a deterministic private-key operation over a fixed, entry-specific message, fed through
/// HKDF-SHA256. RSA: a PKCS#1 v1.5 signature (deterministic by construction). ECDSA signatures are randomised,
/// so EC keys use ECDH of the device key with its own public key (d·d·G), which needs the private scalar.
/// </para>
/// <para>
/// Keys in hardware (a PKCS#11 token, a TPM) never leave it, so the same operations run inside it: the RSA signature
/// is the token's, and the EC agreement is asked of the token's key through its OpenSSL handle (never by exporting
/// it). A token EC key that may only sign (tpm2-pkcs11 makes them so) cannot derive anything deterministic: then
/// <see cref="Create(X509Certificate2, CacheKey, bool)"/> throws <see cref="CryptographicException"/> and the caller goes
/// without a disk cache for that key. Either way the entry key exists only where the token is: a copied cache file
/// opens nowhere else.
/// </para>
/// <para>
/// File format: "CCRD" | version (1 byte) | nonce (12) | tag (16) | ciphertext. The associated data binds the
/// header and the cache key ID, so an entry moved to another key's file does not open. Anything that does not
/// open — tampered, truncated, foreign, older version — is reported as null: a cache miss, never an error.
/// </para>
/// </summary>
public sealed class CacheCipher : IDisposable
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] Magic = "CCRD"u8.ToArray();
    private static readonly int HeaderSize = Magic.Length + 1;

    private readonly AesGcm aes;
    private readonly byte[] associatedData;

    private CacheCipher(byte[] key, string cacheKeyId)
    {
        aes = new AesGcm(key, TagSize);
        associatedData = [.. Magic, Version, .. Encoding.ASCII.GetBytes(cacheKeyId)];
        CryptographicOperations.ZeroMemory(key);
    }

    /// <summary>Derives the entry key from the device's private key (held in this process's memory).</summary>
    public static CacheCipher Create(X509Certificate2 deviceCertificate, CacheKey cacheKey) => Create(deviceCertificate, cacheKey, keyInHardware: false);

    /// <summary>Derives the entry key from the device's private key; <paramref name="keyInHardware"/>: it is a token key, use it, never export it.</summary>
    /// <exception cref="CryptographicException">The key cannot do a deterministic private operation (a sign-only token EC key).</exception>
    public static CacheCipher Create(X509Certificate2 deviceCertificate, CacheKey cacheKey, bool keyInHardware)
    {
        ArgumentNullException.ThrowIfNull(deviceCertificate);
        ArgumentNullException.ThrowIfNull(cacheKey);
        var id = cacheKey.Id;
        var secret = DeviceSecret(deviceCertificate, id, keyInHardware);
        try
        {
            var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, salt: Encoding.ASCII.GetBytes(id), info: "certcreds cache aes-256-gcm v1"u8.ToArray());
            return new CacheCipher(key, id);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private static byte[] DeviceSecret(X509Certificate2 certificate, string cacheKeyId, bool keyInHardware)
    {
        using (var rsa = certificate.GetRSAPrivateKey())
        {
            if (rsa is not null)
            {
                return rsa.SignData(Encoding.ASCII.GetBytes("certcreds credential cache key v1\n" + cacheKeyId), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            }
        }

        using var ecdsa = certificate.GetECDsaPrivateKey()
            ?? throw new CryptographicException("the device certificate has no RSA or EC private key");
        if (keyInHardware)
        {
            return TokenAgreement(ecdsa);
        }

        var parameters = ecdsa.ExportParameters(includePrivateParameters: true);
        try
        {
            using var ecdh = ECDiffieHellman.Create(parameters);
            return ecdh.DeriveRawSecretAgreement(ecdh.PublicKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
        }
    }

    /// <summary>
    /// d·(d·G) computed by the token: OpenSSL derives with the token's key object (pkcs11-provider or the engine asks
    /// the token for CKM_ECDH1_DERIVE) and the key's own public point as the peer. Equal to the file-key derivation.
    /// </summary>
    private static byte[] TokenAgreement(ECDsa ecdsa)
    {
        if (ecdsa is not ECDsaOpenSsl openSsl)
        {
            throw new CryptographicException("the token's EC key is not an OpenSSL key");
        }

        try
        {
            using var handle = openSsl.DuplicateKeyHandle();
            using var ecdh = new ECDiffieHellmanOpenSsl(handle);
            using var own = ecdh.PublicKey;
            return ecdh.DeriveRawSecretAgreement(own);
        }
        catch (CryptographicException e)
        {
            throw new CryptographicException("the token's EC key may only sign (no ECDH), so no cache key can be derived from it", e);
        }
    }

    public byte[] Seal(CachedCredentials entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var document = new CacheEntryDocument(entry.Credentials.AccessKeyId, entry.Credentials.SecretAccessKey, entry.Credentials.SessionToken, entry.Credentials.Expiration, entry.IssuedAt);
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(document, CacheJsonContext.Default.CacheEntryDocument);
        try
        {
            var output = new byte[HeaderSize + NonceSize + TagSize + plaintext.Length];
            Magic.CopyTo(output, 0);
            output[Magic.Length] = Version;
            var nonce = output.AsSpan(HeaderSize, NonceSize);
            RandomNumberGenerator.Fill(nonce);
            aes.Encrypt(nonce, plaintext, output.AsSpan(HeaderSize + NonceSize + TagSize), output.AsSpan(HeaderSize + NonceSize, TagSize), associatedData);
            return output;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>The entry, or null when the bytes are not an intact entry sealed for this key.</summary>
    public CachedCredentials? Open(ReadOnlySpan<byte> sealedEntry)
    {
        if (sealedEntry.Length <= HeaderSize + NonceSize + TagSize || !sealedEntry[..Magic.Length].SequenceEqual(Magic) || sealedEntry[Magic.Length] != Version)
        {
            return null;
        }

        var ciphertext = sealedEntry[(HeaderSize + NonceSize + TagSize)..];
        var plaintext = new byte[ciphertext.Length];
        try
        {
            aes.Decrypt(sealedEntry.Slice(HeaderSize, NonceSize), ciphertext, sealedEntry.Slice(HeaderSize + NonceSize, TagSize), plaintext, associatedData);
            var document = JsonSerializer.Deserialize(plaintext, CacheJsonContext.Default.CacheEntryDocument);
            if (document is null || string.IsNullOrEmpty(document.AccessKeyId) || string.IsNullOrEmpty(document.SecretAccessKey) || string.IsNullOrEmpty(document.SessionToken))
            {
                return null;
            }

            return new CachedCredentials(new TemporaryCredentials(document.AccessKeyId, document.SecretAccessKey, document.SessionToken, document.Expiration.ToUniversalTime()), document.IssuedAt.ToUniversalTime());
        }
        catch (Exception e) when (e is CryptographicException or JsonException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    public void Dispose() => aes.Dispose();

    /// <summary>The format version of a sealed entry, for tests and diagnostics; -1 when it has no valid header.</summary>
    public static int ReadVersion(ReadOnlySpan<byte> sealedEntry) =>
        sealedEntry.Length > HeaderSize && sealedEntry[..Magic.Length].SequenceEqual(Magic) ? sealedEntry[Magic.Length] : -1;
}
