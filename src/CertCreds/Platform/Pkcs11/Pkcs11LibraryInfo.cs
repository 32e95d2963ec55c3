namespace CertCreds.Platform.Pkcs11;

/// <summary>What a module says about itself (CK_INFO).</summary>
internal sealed record Pkcs11LibraryInfo(string Manufacturer, string Description, byte Major, byte Minor);
