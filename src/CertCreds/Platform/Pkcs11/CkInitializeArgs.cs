using System.Runtime.InteropServices;

namespace CertCreds.Platform.Pkcs11;

/// <summary>CK_C_INITIALIZE_ARGS: no mutex callbacks, CKF_OS_LOCKING_OK so the module may be used from any thread.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CkInitializeArgs
{
    public void* CreateMutex;
    public void* DestroyMutex;
    public void* LockMutex;
    public void* UnlockMutex;
    public nuint Flags;
    public void* Reserved;
}
