using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CertCreds.Keys.Hardware;

/// <summary>
/// A key that stays in its token, opened through OpenSSL: <see cref="Certificate"/> carries it (CopyWithPrivateKey), so
/// it serves TLS client authentication as is, and <see cref="Key"/> signs. Holds no PIN. Dispose releases the OpenSSL
/// key (and with it the provider's session).
/// </summary>
internal sealed class HardwareKey(X509Certificate2 certificate, AsymmetricAlgorithm key, string description, Pkcs11Route route)
    : IDisposable
{
    /// <summary>The device certificate, with the token key as its private key.</summary>
    public X509Certificate2 Certificate { get; } = certificate;

    /// <summary>An <see cref="RSAOpenSsl"/> or <see cref="ECDsaOpenSsl"/> over the token key.</summary>
    public AsymmetricAlgorithm Key { get; } = key;

    /// <summary>Where the key lives, safe to print (the URI without its PIN, or the TPM handle).</summary>
    public string Description { get; } = description;

    /// <summary>The route that opened it (the TPM handle form always uses the tpm2 provider: reported as Provider).</summary>
    public Pkcs11Route Route { get; } = route;

    /// <summary>Signs <paramref name="data"/> with the token key: RSA PKCS#1 v1.5 (deterministic) or ECDSA (random), SHA-256.</summary>
    public byte[] SignData(byte[] data) => Key switch
    {
        RSA rsa => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        ECDsa ec => ec.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence),
        _ => throw new NotSupportedException("the key is neither RSA nor EC"),
    };

    public override string ToString() => Description;

    public void Dispose()
    {
        Certificate.Dispose();
        Key.Dispose();
    }
}
