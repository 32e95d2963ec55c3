using System.Runtime.InteropServices;

namespace CertCreds.Platform.Pkcs11;

/// <summary>CK_TOKEN_INFO (natural alignment, CK_ULONG = unsigned long).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CkTokenInfo
{
    public fixed byte Label[32];
    public fixed byte ManufacturerId[32];
    public fixed byte Model[16];
    public fixed byte SerialNumber[16];
    public nuint Flags;
    public fixed ulong Counts[10];
    public ushort HardwareVersion;
    public ushort FirmwareVersion;
    public fixed byte UtcTime[16];
}
