using System.Globalization;
using CertCreds.Errors;

namespace CertCreds.Keys.Hardware;

/// <summary>
/// A persistent TPM 2.0 key named as <c>handle:0x81xxxxxx</c> (the form aws_signing_helper takes), opened through the
/// tpm2-openssl provider. Signing only: that provider's keys fail inside OpenSSL 3.0's TLS (measured), so it serves
/// Roles Anywhere's request signatures, never the IoT provider's mTLS.
/// </summary>
public sealed record TpmHandle(uint Value)
{
    private const string Prefix = "handle:";
    private const uint PersistentFirst = 0x81000000;
    private const uint PersistentLast = 0x81FFFFFF;

    public static bool IsTpmHandle(string? value) =>
        value is not null && value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    public static TpmHandle Parse(string value, string what = "the TPM key")
    {
        ArgumentNullException.ThrowIfNull(value);
        const string hint = "write a persistent handle as handle:0x81000001 (see tpm2_getcap handles-persistent)";
        if (!IsTpmHandle(value))
        {
            throw new UsageException($"{what} is not a TPM handle", hint);
        }

        var digits = value[Prefix.Length..];
        if (!digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || digits.Length is < 3 or > 10
            || !uint.TryParse(digits.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var handle))
        {
            throw new UsageException($"{what} \"{TerminalText.Escape(value.Length > 30 ? value[..30] : value)}\" is not a hexadecimal TPM handle", hint);
        }

        if (handle is < PersistentFirst or > PersistentLast)
        {
            throw new UsageException(
                $"{what} handle:0x{handle:x8} is not a persistent key handle",
                "make the key persistent with tpm2_evictcontrol and give its 0x81xxxxxx handle");
        }

        return new TpmHandle(handle);
    }

    /// <summary>The key's name as tpm2-openssl's store takes it.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Prefix}0x{Value:x8}");
}
