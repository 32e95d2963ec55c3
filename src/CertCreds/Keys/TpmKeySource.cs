using CertCreds.Certificates;
using CertCreds.Errors;
using CertCreds.Keys.Hardware;

namespace CertCreds.Keys;

/// <summary>
/// A persistent TPM key named <c>handle:0x81…</c> in <c>--private-key</c> (aws_signing_helper's form), opened through
/// the tpm2-openssl provider. Signing only (<see cref="SigningOnly"/>): OpenSSL 3.0 cannot use that provider's keys
/// inside TLS, so it serves Roles Anywhere's signed requests and is refused up front for the IoT provider's mutual TLS
/// (use the key through tpm2-pkcs11 as a <c>pkcs11:</c> URI there). The certificate must come from a file.
/// </summary>
public sealed class TpmKeySource : IKeySource
{
    public static TpmKeySource Instance { get; } = new();

    public string Kind => "tpm";

    public bool SigningOnly => true;

    public bool Accepts(string? privateKey) => TpmHandle.IsTpmHandle(privateKey);

    public DeviceIdentity Load(IdentityOptions options, KeyLoadContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var handle = TpmHandle.Parse(options.PrivateKeyPath!, "--private-key");
        var certificatePath = options.CertificatePath
            ?? throw new UsageException($"--private-key {handle} needs the certificate as a file", "pass --certificate PATH (a TPM handle has no certificate store to look in)");
        var key = new TpmHandleKeyLoader(context.Files).Load(handle, certificatePath);
        var intermediates = Pkcs11KeySource.Intermediates(context, certificatePath);
        try
        {
            IdentityParser.CheckValidity(certificatePath, key.Certificate, context.Clock.GetUtcNow());
            return new DeviceIdentity(key.Certificate, intermediates, Kind, key.Description, key.Key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
