using System.Runtime.InteropServices;

namespace CertCreds.Platform.Pkcs11;

/// <summary>CK_INFO as a Linux PKCS#11 module lays it out (natural alignment, CK_ULONG = unsigned long).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CkInfo
{
    public ushort CryptokiVersion;
    public fixed byte ManufacturerId[32];
    public nuint Flags;
    public fixed byte LibraryDescription[32];
    public ushort LibraryVersion;
}
