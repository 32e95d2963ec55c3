using System.Runtime.InteropServices;

namespace CertCreds.Platform;

/// <summary>
/// Sets C-library environment variables for the length of one native call and restores them after, for plugins that
/// read their configuration with getenv while they load (pkcs11-provider reads PKCS11_PROVIDER_MODULE, libp11's engine
/// PKCS11_MODULE_PATH). Restoring matters: a libc setenv is inherited by every child process (exec, serve), which must
/// not find our module choice. The environment is one per process, so scopes are serialized by <see cref="Gate"/>.
/// </summary>
internal sealed partial class NativeVariableScope : IDisposable
{
    /// <summary>Only one scope at a time may change the process environment (a lock object, not state).</summary>
    private static readonly Lock Gate = new();

    private readonly List<(string Name, string? Previous)> _previous = [];
    private bool _disposed;

    private NativeVariableScope()
    {
    }

    public static NativeVariableScope Set(params (string Name, string Value)[] variables)
    {
        Gate.Enter();
        var scope = new NativeVariableScope();
        foreach (var (name, value) in variables)
        {
            scope._previous.Add((name, Marshal.PtrToStringUTF8(GetEnv(name))));
            _ = SetEnv(name, value, 1);
        }

        return scope;
    }

    /// <summary>Sets a variable for the rest of the process's life (test fixtures pointing modules at their tokens).</summary>
    public static void SetForProcess(string name, string value)
    {
        lock (Gate)
        {
            _ = SetEnv(name, value, 1);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var (name, previous) in _previous)
        {
            _ = previous is null ? UnsetEnv(name) : SetEnv(name, previous, 1);
        }

        Gate.Exit();
    }

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint GetEnv(string name);

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "unsetenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnsetEnv(string name);
}
