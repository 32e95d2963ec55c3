using System.Runtime.InteropServices;

namespace CertCreds.Platform.Pkcs11;

/// <summary>CK_SLOT_INFO (natural alignment, CK_ULONG = unsigned long).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CkSlotInfo
{
    public fixed byte SlotDescription[64];
    public fixed byte ManufacturerId[32];
    public nuint Flags;
    public ushort HardwareVersion;
    public ushort FirmwareVersion;
}
