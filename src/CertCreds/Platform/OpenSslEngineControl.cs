using System.Runtime.InteropServices;

namespace CertCreds.Platform;

/// <summary>
/// Points libp11's pkcs11 engine at a module before .NET opens a key through it. OpenSSL keeps a loaded engine in its
/// global list for the process's life, and the engine reads PKCS11_MODULE_PATH only once, when it is first bound: a
/// later key from another module would be looked up in the first module. Its MODULE_PATH control command sets the module
/// for the engine's next initialization. Calls the same libcrypto .NET uses (the engine list is per process).
/// </summary>
internal static partial class OpenSslEngineControl
{
    /// <returns>False when the engine cannot be found or refuses the command.</returns>
    public static bool SetModulePath(string engineId, string modulePath)
    {
        var engine = EngineById(engineId);
        if (engine == 0)
        {
            ClearErrors();
            return false;
        }

        try
        {
            var ok = EngineControlCommand(engine, "MODULE_PATH", modulePath, 0) == 1;
            if (!ok)
            {
                ClearErrors();
            }

            return ok;
        }
        finally
        {
            _ = EngineFree(engine);
        }
    }

    [LibraryImport("libcrypto.so.3", EntryPoint = "ENGINE_by_id", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint EngineById(string id);

    [LibraryImport("libcrypto.so.3", EntryPoint = "ENGINE_ctrl_cmd_string", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int EngineControlCommand(nint engine, string command, string argument, int optional);

    [LibraryImport("libcrypto.so.3", EntryPoint = "ENGINE_free")]
    private static partial int EngineFree(nint engine);

    [LibraryImport("libcrypto.so.3", EntryPoint = "ERR_clear_error")]
    private static partial void ClearErrors();
}
