using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CertCreds.Testing;

/// <summary>Key kinds the tests generate device identities with.</summary>
public enum TestKeyKind
{
    Rsa2048,
    Rsa3072,
    Rsa4096,
    EcP256,
    EcP384,
}

/// <summary>
/// A throwaway PKI made at run time (never committed): a CA, and device certificates in every file format
/// certcreds accepts. Each instance writes into its own temporary folder, removed on dispose.
/// </summary>
public sealed class TestIdentities : IDisposable
{
    private readonly RSA caKey;

    /// <summary>RSA keys from <see cref="PooledKeys"/> not handed out yet by this instance; null: generate every key.</summary>
    private readonly Dictionary<int, Queue<string>>? pool;

    /// <param name="pooledKeys">
    /// True: the CA and RSA device keys come from <see cref="PooledKeys"/> (each at most once per instance, then
    /// fresh ones), so a test class with many RSA-4096 cases runs in milliseconds. False: every key is new.
    /// </param>
    public TestIdentities(bool pooledKeys = false)
    {
        if (pooledKeys)
        {
            pool = new()
            {
                [2048] = new([PooledKeys.Rsa2048A, PooledKeys.Rsa2048B, PooledKeys.Rsa2048C]),
                [3072] = new([PooledKeys.Rsa3072]),
                [4096] = new([PooledKeys.Rsa4096]),
            };
            caKey = RSA.Create();
            caKey.ImportFromPem(PooledKeys.Ca);
        }
        else
        {
            caKey = RSA.Create(2048);
        }

        Folder = Directory.CreateTempSubdirectory("certcreds-test-").FullName;
        var request = new CertificateRequest("CN=certcreds test device CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        // Wide validity so tests can issue certificates that are expired or not yet valid.
        Ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-5), DateTimeOffset.UtcNow.AddYears(5));
    }

    public string Folder { get; }

    public X509Certificate2 Ca { get; }

    /// <summary>A device certificate and its key (the key is an independent object the caller may export in any format).</summary>
    public (X509Certificate2 Certificate, AsymmetricAlgorithm Key) Issue(TestKeyKind kind = TestKeyKind.Rsa2048, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, string subject = "CN=client1")
    {
        AsymmetricAlgorithm key;
        CertificateRequest request;
        switch (kind)
        {
            case TestKeyKind.EcP256:
            case TestKeyKind.EcP384:
                var ec = ECDsa.Create(kind == TestKeyKind.EcP256 ? ECCurve.NamedCurves.nistP256 : ECCurve.NamedCurves.nistP384);
                request = new CertificateRequest(subject, ec, HashAlgorithmName.SHA256);
                key = ec;
                break;
            default:
                var rsa = NewRsa(kind switch { TestKeyKind.Rsa3072 => 3072, TestKeyKind.Rsa4096 => 4096, _ => 2048 });
                request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                key = rsa;
                break;
        }

        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        // The generator overload lets an RSA CA sign EC device keys, as AWS IoT's CA does.
        var certificate = request.Create(Ca.SubjectName, X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1), notBefore ?? DateTimeOffset.UtcNow.AddHours(-1), notAfter ?? DateTimeOffset.UtcNow.AddDays(30), serial);
        return (certificate, key);
    }

    private RSA NewRsa(int bits)
    {
        if (pool is not null && pool.TryGetValue(bits, out var keys) && keys.TryDequeue(out var pem))
        {
            var pooled = RSA.Create();
            pooled.ImportFromPem(pem);
            return pooled;
        }

        return RSA.Create(bits);
    }

    /// <summary>Writes text to a file in <see cref="Folder"/> and returns its path.</summary>
    public string Write(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public static string CertificatePem(X509Certificate2 certificate) => certificate.ExportCertificatePem() + "\n";

    /// <summary>PKCS#1 (RSA) or SEC1 (EC): what the IoT console and openssl's traditional format write.</summary>
    public static string TraditionalKeyPem(AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => rsa.ExportRSAPrivateKeyPem() + "\n",
        ECDsa ec => ec.ExportECPrivateKeyPem() + "\n",
        _ => throw new ArgumentException("unsupported key", nameof(key)),
    };

    public static string Pkcs8Pem(AsymmetricAlgorithm key) => key.ExportPkcs8PrivateKeyPem() + "\n";

    public static string EncryptedPkcs8Pem(AsymmetricAlgorithm key, string password) =>
        key.ExportEncryptedPkcs8PrivateKeyPem(password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000)) + "\n";

    public static byte[] Pkcs12(X509Certificate2 certificate, AsymmetricAlgorithm key, string? password, X509Certificate2? extra = null)
    {
        using var withKey = key switch
        {
            RSA rsa => certificate.CopyWithPrivateKey(rsa),
            ECDsa ec => certificate.CopyWithPrivateKey(ec),
            _ => throw new ArgumentException("unsupported key", nameof(key)),
        };
        var collection = new X509Certificate2Collection { withKey };
        if (extra is not null)
        {
            collection.Add(extra);
        }

        return collection.Export(X509ContentType.Pkcs12, password)!;
    }

    public void Dispose()
    {
        Ca.Dispose();
        caKey.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing a test over it is not.
        }
    }
}
