using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CertCreds.Errors;
using CertCreds.Platform;

namespace CertCreds.Keys.Hardware;

/// <summary>
/// Opens a persistent TPM key (<c>handle:0x81…</c>) through the tpm2-openssl provider, for signing only (Roles
/// Anywhere): OpenSSL 3.0 cannot use that provider's keys inside TLS (measured: "EVP lib"), so never hand the result to
/// an mTLS handshake. The TPM is reached through the TCTI in TPM2OPENSSL_TCTI (default: the system's resource manager).
/// The certificate comes from a file; the handle's key must match it (test signature).
/// </summary>
internal sealed class TpmHandleKeyLoader(FileReader files)
{
    private static readonly byte[] ProbeData = Encoding.ASCII.GetBytes("certcreds: does this TPM key match this certificate?");

    public HardwareKey Load(TpmHandle handle, string certificatePath)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentNullException.ThrowIfNull(certificatePath);
        if (OpenSslPlugins.FindProvider("tpm2") is null)
        {
            throw new IdentityException(
                $"OpenSSL's tpm2 provider is not installed, so {handle} cannot be used",
                "install tpm2-openssl, or give the key as a pkcs11: URI through tpm2-pkcs11");
        }

        X509Certificate2 certificate;
        try
        {
            var bytes = files.Read(certificatePath, "certificate", "--certificate");
            var text = Encoding.ASCII.GetString(bytes);
            certificate = text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(text)
                : X509CertificateLoader.LoadCertificate(bytes);
        }
        catch (CryptographicException e)
        {
            throw new IdentityException($"the certificate {TerminalText.Escape(certificatePath)} is not a PEM or DER X.509 certificate", "pass the device certificate with --certificate", e);
        }

        using (certificate)
        {
            AsymmetricAlgorithm key;
            try
            {
                using var evp = SafeEvpPKeyHandle.OpenKeyFromProvider("tpm2", handle.ToString());
                key = certificate.GetKeyAlgorithm() == "1.2.840.10045.2.1" ? new ECDsaOpenSsl(evp) : new RSAOpenSsl(evp);
            }
            catch (CryptographicException e)
            {
                throw new IdentityException(
                    $"the TPM key {handle} cannot be opened",
                    "check that the handle exists (tpm2_getcap handles-persistent) and that the TPM is reachable (TPM2OPENSSL_TCTI, tpm2-abrmd)",
                    e);
            }

            try
            {
                bool matches;
                try
                {
                    matches = key switch
                    {
                        RSA rsa => certificate.GetRSAPublicKey() is { } pub && pub.VerifyData(ProbeData, rsa.SignData(ProbeData, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
                        ECDsa ec => certificate.GetECDsaPublicKey() is { } pub && pub.VerifyData(ProbeData, ec.SignData(ProbeData, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256),
                        _ => false,
                    };
                }
                catch (CryptographicException e)
                {
                    throw new IdentityException($"the TPM key {handle} cannot sign", "check that the key has the sign attribute and that the TPM is reachable", e);
                }

                if (!matches)
                {
                    throw new IdentityException(
                        $"the TPM key {handle} does not match the certificate {TerminalText.Escape(certificatePath)}",
                        "pass the certificate issued for this key, or the handle of the key it was issued for");
                }

                var withKey = key is RSA r ? certificate.CopyWithPrivateKey(r) : certificate.CopyWithPrivateKey((ECDsa)key);
                return new HardwareKey(withKey, key, handle.ToString(), Pkcs11Route.Provider);
            }
            catch
            {
                key.Dispose();
                throw;
            }
        }
    }
}
