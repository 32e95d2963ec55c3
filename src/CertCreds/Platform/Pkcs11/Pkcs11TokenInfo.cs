namespace CertCreds.Platform.Pkcs11;

/// <summary>What a token says about itself (CK_TOKEN_INFO with the blank padding trimmed).</summary>
internal sealed record Pkcs11TokenInfo(string Label, string Manufacturer, string Model, string Serial, ulong Flags)
{
    public bool Has(ulong flag) => (Flags & flag) != 0;
}
