namespace CertCreds.Platform.Pkcs11;

/// <summary>What a slot says about itself (CK_SLOT_INFO with the blank padding trimmed).</summary>
internal sealed record Pkcs11SlotInfo(ulong Id, string Description, string Manufacturer, ulong Flags);
