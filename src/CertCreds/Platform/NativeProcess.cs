using System.Runtime.InteropServices;

namespace CertCreds.Platform;

/// <summary>Process-wide facts and switches .NET has no API for: the effective user id and the dumpable flag.</summary>
public static partial class NativeProcess
{
    private const int PrSetDumpable = 4;
    private const int PrGetDumpable = 3;

    /// <summary>The effective user id, or null off Unix.</summary>
    public static int? EffectiveUserId() => OperatingSystem.IsWindows() ? null : (int)GetEuid();

    /// <summary>
    /// Marks the process non-dumpable: no core dump, and other users' processes (even of the same uid, without
    /// CAP_SYS_PTRACE) cannot ptrace it or read its /proc/PID/mem and environ, where keys, passwords and
    /// credentials live while a long-running verb holds them. True when the flag is now off; false off Linux.
    /// </summary>
    public static bool MakeNonDumpable() => OperatingSystem.IsLinux() && Prctl(PrSetDumpable, 0, 0, 0, 0) == 0;

    /// <summary>The current dumpable flag (1 dumpable, 0 not), or null off Linux.</summary>
    public static int? Dumpable() => OperatingSystem.IsLinux() ? Prctl(PrGetDumpable, 0, 0, 0, 0) : null;

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}
