using CertCreds.Certificates;

namespace CertCreds.Keys;

/// <summary>
/// Where a private key lives, chosen by the form of the <c>--private-key</c> value: a file path, a <c>pkcs11:</c> URI
/// or a TPM <c>handle:0x81…</c>. A source loads the certificate and its key into a <see cref="DeviceIdentity"/> with
/// every local check done (the key matches the certificate, dates), so both credential sources and every verb use any
/// kind of key the same way.
/// </summary>
public interface IKeySource
{
    /// <summary>Short name for traces and doctor: <c>file</c>, <c>pkcs11</c>, <c>tpm</c>.</summary>
    string Kind { get; }

    /// <summary>
    /// True when this source's keys can sign requests but cannot authenticate a TLS client (a TPM handle through
    /// tpm2-openssl): a credential source that needs mutual TLS refuses them before loading.
    /// </summary>
    bool SigningOnly => false;

    /// <summary>True when <paramref name="privateKey"/> (null: none given, e.g. a PKCS#12 certificate) has this source's form.</summary>
    bool Accepts(string? privateKey);

    /// <summary>Reads certificate and key and checks them, before any connection. Throws <see cref="Errors.IdentityException"/>.</summary>
    DeviceIdentity Load(IdentityOptions options, KeyLoadContext context);
}
