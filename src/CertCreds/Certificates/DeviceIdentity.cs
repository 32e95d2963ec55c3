using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CertCreds.Certificates;

/// <summary>
/// A device certificate with its private key, plus any intermediates that must be sent with it.
/// Owns the certificates: dispose it when the call is done.
/// </summary>
public sealed class DeviceIdentity : IDisposable
{
    private readonly IDisposable? ownedKey;

    public DeviceIdentity(X509Certificate2 certificate, X509Certificate2Collection intermediates)
        : this(certificate, intermediates, "file", null, null)
    {
    }

    /// <param name="certificate">The leaf, with its private key attached.</param>
    /// <param name="intermediates">Sent with the leaf.</param>
    /// <param name="keyKind">The key source's kind (<c>file</c>, <c>pkcs11</c>, <c>tpm</c>).</param>
    /// <param name="keyDescription">Where the key lives, safe to print (a token URI without its PIN); null for files.</param>
    /// <param name="ownedKey">The token key object behind the certificate, released with the identity.</param>
    internal DeviceIdentity(X509Certificate2 certificate, X509Certificate2Collection intermediates, string keyKind, string? keyDescription, IDisposable? ownedKey)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Certificate = certificate;
        Intermediates = intermediates;
        CertificateId = ComputeCertificateId(certificate);
        KeyKind = keyKind;
        KeyDescription = keyDescription;
        this.ownedKey = ownedKey;
    }

    /// <summary>Where the private key lives: <c>file</c> (in this process's memory), <c>pkcs11</c> or <c>tpm</c> (in hardware).</summary>
    public string KeyKind { get; }

    /// <summary>True when the private key stays in a token or TPM: it cannot be exported, only used.</summary>
    public bool KeyInHardware => KeyKind != "file";

    /// <summary>The token key's name without its PIN (e.g. <c>pkcs11:token=T;object=K;type=private</c>), or null for a file key.</summary>
    public string? KeyDescription { get; }

    /// <summary>The leaf certificate, with its private key attached.</summary>
    public X509Certificate2 Certificate { get; }

    public X509Certificate2Collection Intermediates { get; }

    /// <summary>AWS IoT's certificate ID: lower-case hex SHA-256 of the DER certificate.</summary>
    public string CertificateId { get; }

    public static string ComputeCertificateId(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
    }

    public void Dispose()
    {
        Certificate.Dispose();
        ownedKey?.Dispose();
        foreach (var intermediate in Intermediates)
        {
            intermediate.Dispose();
        }
    }

    public override string ToString() => $"DeviceIdentity {{ Subject = {Certificate.Subject}, CertificateId = {CertificateId} }}";
}
