using System.Runtime.InteropServices;
using System.Text;
using static CertCreds.Platform.Pkcs11.Pkcs11Constants;

namespace CertCreds.Platform.Pkcs11;

/// <summary>
/// A PKCS#11 module opened directly (dlopen + C_GetFunctionList + unmanaged function pointers), to ask the token what
/// OpenSSL's error codes hide: is the module loadable, is the token present, how many PIN tries are left, is the PIN
/// right (one C_Login, before OpenSSL's engine would try twice), which key and certificate objects exist. Hand-written
/// because Pkcs11Interop does not run under Native AOT (its marshalling needs runtime code generation).
/// Not thread-safe: one instance per load, disposed (C_Finalize) before OpenSSL initializes the same module itself.
/// </summary>
internal sealed unsafe class Pkcs11Library : IDisposable
{
    // Indexes into CK_FUNCTION_LIST after its CK_VERSION (PKCS#11 2.40 order).
    private const int FnInitialize = 0;
    private const int FnFinalize = 1;
    private const int FnGetInfo = 2;
    private const int FnGetSlotList = 4;
    private const int FnGetSlotInfo = 5;
    private const int FnGetTokenInfo = 6;
    private const int FnOpenSession = 12;
    private const int FnCloseSession = 13;
    private const int FnLogin = 18;
    private const int FnLogout = 19;
    private const int FnGetAttributeValue = 24;
    private const int FnFindObjectsInit = 26;
    private const int FnFindObjects = 27;
    private const int FnFindObjectsFinal = 28;

    private readonly nint* _functions;
    private bool _initialized;

    private Pkcs11Library(nint* functions)
    {
        _functions = functions;
    }

    /// <summary>
    /// Loads the module and initializes it. The library handle is deliberately never closed: OpenSSL's provider or
    /// engine loads the same file right after, and several modules do not survive being unloaded and loaded again.
    /// </summary>
    /// <exception cref="DllNotFoundException">The file is missing or not a loadable library (message: the loader's reason).</exception>
    /// <exception cref="EntryPointNotFoundException">The library is not a PKCS#11 module.</exception>
    /// <exception cref="Pkcs11Exception">C_GetFunctionList or C_Initialize failed.</exception>
    public static Pkcs11Library Open(string path)
    {
        var handle = NativeLibrary.Load(path);
        var getFunctionList = (delegate* unmanaged<nint*, nuint>)NativeLibrary.GetExport(handle, "C_GetFunctionList");
        nint list = 0;
        Check("C_GetFunctionList", getFunctionList(&list));
        if (list == 0)
        {
            throw new Pkcs11Exception("C_GetFunctionList", CKR_GENERAL_ERROR);
        }

        // The function pointers follow a 2-byte CK_VERSION, aligned to the pointer size.
        var library = new Pkcs11Library((nint*)((byte*)list + sizeof(nint)));
        var args = new CkInitializeArgs { Flags = (nuint)CKF_OS_LOCKING_OK };
        var rv = (ulong)((delegate* unmanaged<CkInitializeArgs*, nuint>)library._functions[FnInitialize])(&args);
        if (rv != CKR_OK && rv != CKR_CRYPTOKI_ALREADY_INITIALIZED)
        {
            throw new Pkcs11Exception("C_Initialize", rv);
        }

        library._initialized = rv == CKR_OK;
        return library;
    }

    public Pkcs11LibraryInfo GetInfo()
    {
        CkInfo info;
        Check("C_GetInfo", ((delegate* unmanaged<CkInfo*, nuint>)_functions[FnGetInfo])(&info));
        return new Pkcs11LibraryInfo(
            Text(info.ManufacturerId, 32), Text(info.LibraryDescription, 32),
            (byte)(info.LibraryVersion & 0xFF), (byte)(info.LibraryVersion >> 8));
    }

    public IReadOnlyList<ulong> GetSlots(bool withTokenOnly)
    {
        var fn = (delegate* unmanaged<byte, nuint*, nuint*, nuint>)_functions[FnGetSlotList];
        nuint count = 0;
        Check("C_GetSlotList", fn(withTokenOnly ? (byte)1 : (byte)0, null, &count));
        if (count == 0)
        {
            return [];
        }

        var slots = new nuint[(int)count];
        fixed (nuint* p = slots)
        {
            Check("C_GetSlotList", fn(withTokenOnly ? (byte)1 : (byte)0, p, &count));
        }

        return [.. slots.Take((int)count).Select(s => (ulong)s)];
    }

    public Pkcs11SlotInfo GetSlotInfo(ulong slot)
    {
        CkSlotInfo info;
        Check("C_GetSlotInfo", ((delegate* unmanaged<nuint, CkSlotInfo*, nuint>)_functions[FnGetSlotInfo])((nuint)slot, &info));
        return new Pkcs11SlotInfo(slot, Text(info.SlotDescription, 64), Text(info.ManufacturerId, 32), info.Flags);
    }

    public Pkcs11TokenInfo GetTokenInfo(ulong slot)
    {
        CkTokenInfo info;
        Check("C_GetTokenInfo", ((delegate* unmanaged<nuint, CkTokenInfo*, nuint>)_functions[FnGetTokenInfo])((nuint)slot, &info));
        return new Pkcs11TokenInfo(
            Text(info.Label, 32), Text(info.ManufacturerId, 32), Text(info.Model, 16), Text(info.SerialNumber, 16), info.Flags);
    }

    public Pkcs11Session OpenSession(ulong slot)
    {
        nuint session = 0;
        var fn = (delegate* unmanaged<nuint, nuint, void*, void*, nuint*, nuint>)_functions[FnOpenSession];
        Check("C_OpenSession", fn((nuint)slot, (nuint)CKF_SERIAL_SESSION, null, null, &session));
        return new Pkcs11Session(this, session);
    }

    /// <summary>C_Finalize, so OpenSSL's own C_Initialize of the same module starts clean (the library stays loaded).</summary>
    public void Dispose()
    {
        if (_initialized)
        {
            _initialized = false;
            _ = ((delegate* unmanaged<void*, nuint>)_functions[FnFinalize])(null);
        }
    }

    internal void CloseSession(nuint session) =>
        _ = ((delegate* unmanaged<nuint, nuint>)_functions[FnCloseSession])(session);

    /// <summary>One C_Login as the user. Returns the module's answer; the caller decides what a failure means.</summary>
    internal ulong Login(nuint session, ReadOnlySpan<byte> pin)
    {
        fixed (byte* p = pin)
        {
            return ((delegate* unmanaged<nuint, nuint, byte*, nuint, nuint>)_functions[FnLogin])(session, (nuint)CKU_USER, p, (nuint)pin.Length);
        }
    }

    internal void Logout(nuint session) => _ = ((delegate* unmanaged<nuint, nuint>)_functions[FnLogout])(session);

    internal IReadOnlyList<nuint> FindObjects(nuint session, ReadOnlySpan<(ulong Type, byte[] Value)> template)
    {
        var handles = new List<GCHandle>(template.Length);
        var attributes = new CkAttribute[template.Length];
        try
        {
            for (var i = 0; i < template.Length; i++)
            {
                var pinned = GCHandle.Alloc(template[i].Value, GCHandleType.Pinned);
                handles.Add(pinned);
                attributes[i] = new CkAttribute
                {
                    Type = (nuint)template[i].Type,
                    Value = (void*)pinned.AddrOfPinnedObject(),
                    ValueLength = (nuint)template[i].Value.Length,
                };
            }

            fixed (CkAttribute* a = attributes)
            {
                Check("C_FindObjectsInit", ((delegate* unmanaged<nuint, CkAttribute*, nuint, nuint>)_functions[FnFindObjectsInit])(session, a, (nuint)attributes.Length));
            }
        }
        finally
        {
            foreach (var pinned in handles)
            {
                pinned.Free();
            }
        }

        var found = new List<nuint>();
        try
        {
            var batch = stackalloc nuint[16];
            var findObjects = (delegate* unmanaged<nuint, nuint*, nuint, nuint*, nuint>)_functions[FnFindObjects];
            while (found.Count < 1024)
            {
                nuint count = 0;
                Check("C_FindObjects", findObjects(session, batch, 16, &count));
                if (count == 0)
                {
                    break;
                }

                for (nuint i = 0; i < count; i++)
                {
                    found.Add(batch[i]);
                }
            }
        }
        finally
        {
            _ = ((delegate* unmanaged<nuint, nuint>)_functions[FnFindObjectsFinal])(session);
        }

        return found;
    }

    /// <summary>One attribute's bytes, or null when the object does not have it or will not reveal it.</summary>
    internal byte[]? GetAttribute(nuint session, nuint obj, ulong type)
    {
        var fn = (delegate* unmanaged<nuint, nuint, CkAttribute*, nuint, nuint>)_functions[FnGetAttributeValue];
        var attribute = new CkAttribute { Type = (nuint)type };
        var rv = (ulong)fn(session, obj, &attribute, 1);
        if (rv != CKR_OK || attribute.ValueLength == nuint.MaxValue)
        {
            return null;
        }

        var value = new byte[(int)attribute.ValueLength];
        fixed (byte* p = value)
        {
            attribute.Value = p;
            rv = fn(session, obj, &attribute, 1);
        }

        return rv == CKR_OK ? value[..(int)attribute.ValueLength] : null;
    }

    private static void Check(string function, nuint rv)
    {
        if (rv != 0)
        {
            throw new Pkcs11Exception(function, rv);
        }
    }

    /// <summary>PKCS#11 text fields are UTF-8, padded with blanks, not NUL-terminated.</summary>
    private static string Text(byte* field, int length) =>
        Encoding.UTF8.GetString(field, length).TrimEnd(' ', '\0');
}
