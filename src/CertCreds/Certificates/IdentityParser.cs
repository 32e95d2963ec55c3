using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CertCreds.Errors;

namespace CertCreds.Certificates;

/// <summary>
/// Turns certificate and key bytes into a <see cref="DeviceIdentity"/>, with every check that needs no
/// network: formats, password, key ↔ certificate match, validity dates. Pure: no files, no clock of its own.
/// </summary>
public static class IdentityParser
{
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string EcOid = "1.2.840.10045.2.1";

    /// <param name="certificateName">How the user named the certificate file, for messages.</param>
    /// <param name="certificateBytes">PEM (leaf first, then intermediates), DER, or PKCS#12 when <paramref name="keyBytes"/> is null.</param>
    /// <param name="keyName">How the user named the key file, for messages.</param>
    /// <param name="keyBytes">PEM private key, or null for PKCS#12.</param>
    /// <param name="password">For encrypted PKCS#8 and PKCS#12; never echoed anywhere.</param>
    /// <param name="now">The current time, for validity checks.</param>
    public static DeviceIdentity Parse(
        string certificateName,
        ReadOnlySpan<byte> certificateBytes,
        string? keyName,
        ReadOnlySpan<byte> keyBytes,
        Func<string?> password,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(password);
        certificateBytes = WithoutByteOrderMark(certificateBytes);
        keyBytes = WithoutByteOrderMark(keyBytes);
        var identity = keyName is null
            ? ParsePkcs12(certificateName, certificateBytes, password)
            : ParsePem(certificateName, certificateBytes, keyName, keyBytes, password);
        try
        {
            CheckValidity(certificateName, identity.Certificate, now);
            return identity;
        }
        catch
        {
            identity.Dispose();
            throw;
        }
    }

    private static DeviceIdentity ParsePem(string certificateName, ReadOnlySpan<byte> certificateBytes, string keyName, ReadOnlySpan<byte> keyBytes, Func<string?> password)
    {
        var certificates = ReadCertificates(certificateName, certificateBytes);
        var leaf = certificates[0];
        var intermediates = new X509Certificate2Collection();
        for (var i = 1; i < certificates.Count; i++)
        {
            intermediates.Add(certificates[i]);
        }

        try
        {
            if (IsCertificateAuthority(leaf) && certificates.Skip(1).Any(c => !IsCertificateAuthority(c)))
            {
                // Checked before the key: with a CA first, the key "does not match" — the wrong diagnosis.
                throw new IdentityException(
                    $"the certificate file {certificateName} starts with a CA certificate ({leaf.Subject}), not the device certificate",
                    "put the device certificate first, then its intermediates");
            }

            var withKey = AttachKey(certificateName, leaf, keyName, keyBytes, password);
            leaf.Dispose();
            return new DeviceIdentity(withKey, intermediates);
        }
        catch
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }

            throw;
        }
    }

    private static X509Certificate2Collection ReadCertificates(string name, ReadOnlySpan<byte> bytes)
    {
        var collection = new X509Certificate2Collection();
        if (LooksLikePem(bytes))
        {
            var text = Encoding.UTF8.GetString(bytes);
            if (!text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                throw new IdentityException(
                    $"{name} holds no certificate (found {DescribePem(text)})",
                    "pass the device certificate (BEGIN CERTIFICATE) as --certificate and the key as --private-key");
            }

            try
            {
                collection.ImportFromPem(text);
            }
            catch (CryptographicException e)
            {
                throw new IdentityException($"{name} holds a certificate that cannot be read", "the PEM text is damaged; download the certificate again", e);
            }
        }
        else
        {
            try
            {
                collection.Add(X509CertificateLoader.LoadCertificate(bytes));
            }
            catch (CryptographicException e)
            {
                throw new IdentityException($"{name} is not a PEM or DER certificate", "pass the device certificate file (certificate.pem.crt), or a PKCS#12 file as --certificate without --private-key", e);
            }
        }

        if (collection.Count == 0)
        {
            throw new IdentityException($"{name} holds no certificate", "pass the device certificate file (certificate.pem.crt)");
        }

        return collection;
    }

    private static X509Certificate2 AttachKey(string certificateName, X509Certificate2 leaf, string keyName, ReadOnlySpan<byte> keyBytes, Func<string?> password)
    {
        if (!LooksLikePem(keyBytes))
        {
            throw new IdentityException($"{keyName} is not a PEM private key", "pass the PEM key the certificate was issued for (private.pem.key); convert DER keys with 'openssl pkey -in KEY -out key.pem'");
        }

        var text = Encoding.UTF8.GetString(keyBytes);
        var label = FindKeyLabel(text);
        if (label is null)
        {
            throw new IdentityException(
                $"{keyName} holds no private key (found {DescribePem(text)})",
                "pass the private key (BEGIN RSA PRIVATE KEY, PRIVATE KEY, EC PRIVATE KEY or ENCRYPTED PRIVATE KEY) as --private-key");
        }

        if (text.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal))
        {
            throw new IdentityException(
                $"{keyName} uses legacy OpenSSL PEM encryption, which .NET cannot read",
                $"convert it once: openssl pkcs8 -topk8 -v2 aes-256-cbc -in {keyName} -out key.p8.pem");
        }

        var algorithm = leaf.GetKeyAlgorithm();
        var encrypted = label == "ENCRYPTED PRIVATE KEY";
        string? secret = null;
        if (encrypted)
        {
            secret = password();
            if (secret is null)
            {
                throw new IdentityException(
                    $"{keyName} is encrypted and no password was given",
                    "pass --private-key-password-file FILE or set CERTCREDS_PRIVATE_KEY_PASSWORD");
            }
        }

        try
        {
            switch (algorithm)
            {
                case RsaOid:
                    {
                        using var rsa = RSA.Create();
                        Import(rsa, text, secret, keyName, label);
                        using var certificateKey = leaf.GetRSAPublicKey()!;
                        if (!SamePublicKey(rsa, certificateKey))
                        {
                            throw Mismatch(certificateName, keyName);
                        }

                        return leaf.CopyWithPrivateKey(rsa);
                    }

                case EcOid:
                    {
                        using var ecdsa = ECDsa.Create();
                        Import(ecdsa, text, secret, keyName, label);
                        using var certificateKey = leaf.GetECDsaPublicKey()!;
                        if (!SamePublicKey(ecdsa, certificateKey))
                        {
                            throw Mismatch(certificateName, keyName);
                        }

                        return leaf.CopyWithPrivateKey(ecdsa);
                    }

                default:
                    throw new IdentityException($"{certificateName} has a key type certcreds does not support ({algorithm})", "AWS IoT device certificates use RSA or ECDSA keys");
            }
        }
        catch (CryptographicException e)
        {
            throw new IdentityException($"{keyName} could not be used with {certificateName}", "check that the key is the one issued with this certificate and is not damaged", e);
        }
    }

    private static void Import(AsymmetricAlgorithm key, string text, string? password, string keyName, string label)
    {
        try
        {
            if (password is null)
            {
                key.ImportFromPem(text);
            }
            else
            {
                key.ImportFromEncryptedPem(text, password);
            }
        }
        catch (CryptographicException e) when (password is not null)
        {
            throw new IdentityException($"{keyName} could not be decrypted: wrong password, or an encryption .NET does not support (scrypt)", "check the password file or CERTCREDS_PRIVATE_KEY_PASSWORD", e);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new IdentityException($"{keyName} holds a {label} that does not fit the certificate's key type or is damaged", "pass the private key that was issued with this certificate", e);
        }
    }

    private static bool SamePublicKey(RSA key, RSA certificateKey)
    {
        var a = key.ExportParameters(false);
        var b = certificateKey.ExportParameters(false);
        return a.Modulus.AsSpan().SequenceEqual(b.Modulus) && a.Exponent.AsSpan().SequenceEqual(b.Exponent);
    }

    private static bool SamePublicKey(ECDsa key, ECDsa certificateKey)
    {
        var a = key.ExportParameters(false);
        var b = certificateKey.ExportParameters(false);
        return a.Q.X.AsSpan().SequenceEqual(b.Q.X) && a.Q.Y.AsSpan().SequenceEqual(b.Q.Y) && a.Curve.Oid.Value == b.Curve.Oid.Value;
    }

    private static bool IsCertificateAuthority(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(constraints => constraints.CertificateAuthority);

    private static IdentityException Mismatch(string certificateName, string keyName) =>
        new($"the private key in {keyName} does not belong to the certificate in {certificateName}", "pass the key file that was downloaded together with this certificate");

    private static DeviceIdentity ParsePkcs12(string name, ReadOnlySpan<byte> bytes, Func<string?> password)
    {
        if (LooksLikePem(bytes))
        {
            throw new UsageException($"{name} is a PEM file but no --private-key was given", "pass the key file with --private-key (a certificate alone is only enough for PKCS#12 files)");
        }

        X509Certificate2Collection collection;
        try
        {
            collection = X509CertificateLoader.LoadPkcs12Collection(bytes, password(), X509KeyStorageFlags.EphemeralKeySet, Pkcs12LoaderLimits.Defaults);
        }
        catch (CryptographicException e)
        {
            throw new IdentityException($"{name} could not be opened as PKCS#12: wrong password, or not a PKCS#12 file", "check the password (--private-key-password-file or CERTCREDS_PRIVATE_KEY_PASSWORD), or pass a PEM certificate with --private-key", e);
        }

        X509Certificate2? leaf = null;
        var intermediates = new X509Certificate2Collection();
        foreach (var certificate in collection)
        {
            if (leaf is null && certificate.HasPrivateKey)
            {
                leaf = certificate;
            }
            else
            {
                intermediates.Add(certificate);
            }
        }

        if (leaf is null)
        {
            foreach (var certificate in collection)
            {
                certificate.Dispose();
            }

            throw new IdentityException($"{name} holds no private key", "export the PKCS#12 file with its private key, or pass a PEM certificate with --private-key");
        }

        return new DeviceIdentity(leaf, intermediates);
    }

    /// <summary>Refuses a certificate outside its validity dates, naming <paramref name="name"/> and the fix.</summary>
    public static void CheckValidity(string name, X509Certificate2 certificate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        if (now < notBefore)
        {
            throw new IdentityException(
                $"the certificate in {name} is not valid until {notBefore:yyyy-MM-dd HH:mm:ss}Z (now {now.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z)",
                "check this device's clock (timedatectl), or wait until the certificate becomes valid");
        }

        if (now > notAfter)
        {
            throw new IdentityException(
                $"the certificate in {name} expired at {notAfter:yyyy-MM-dd HH:mm:ss}Z (now {now.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z)",
                "issue and register a new device certificate (aws iot create-keys-and-certificate), or fix this device's clock");
        }
    }

    /// <summary>
    /// Windows editors save PEM files with a UTF-8 byte order mark, which .NET's PEM reader does not skip (the
    /// label must start a line). Binary DER and PKCS#12 start with 0x30, so removing it never changes them.
    /// </summary>
    public static ReadOnlySpan<byte> WithoutByteOrderMark(ReadOnlySpan<byte> bytes) => bytes.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;

    private static bool LooksLikePem(ReadOnlySpan<byte> bytes) => bytes.IndexOf("-----BEGIN "u8) >= 0;

    private static string? FindKeyLabel(string text)
    {
        foreach (var label in (string[])["ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY"])
        {
            if (text.Contains("-----BEGIN " + label + "-----", StringComparison.Ordinal))
            {
                return label;
            }
        }

        return null;
    }

    private static string DescribePem(string text)
    {
        var labels = new List<string>();
        var index = 0;
        while ((index = text.IndexOf("-----BEGIN ", index, StringComparison.Ordinal)) >= 0)
        {
            var start = index + "-----BEGIN ".Length;
            var end = text.IndexOf("-----", start, StringComparison.Ordinal);
            if (end < 0 || end - start > 40)
            {
                break;
            }

            labels.Add(text[start..end]);
            index = end;
        }

        return labels.Count == 0 ? "no PEM block" : string.Join(", ", labels.Distinct());
    }
}
