using System.Runtime.InteropServices;

namespace CertCreds.Platform.Pkcs11;

/// <summary>CK_ATTRIBUTE: a type, a pointer to the value and its length.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CkAttribute
{
    public nuint Type;
    public void* Value;
    public nuint ValueLength;
}
