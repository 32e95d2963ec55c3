using System.Runtime.InteropServices;

namespace CertCreds.Platform;

/// <summary>
/// Sends POSIX signals to another process: .NET can only kill (SIGKILL), but a launcher must pass SIGTERM,
/// SIGINT, SIGHUP and SIGQUIT on so its child can shut down its own way.
/// </summary>
public static partial class NativeSignals
{
    public const int SigHup = 1;
    public const int SigInt = 2;
    public const int SigQuit = 3;
    public const int SigTerm = 15;

    /// <summary>The Linux number of a .NET <see cref="PosixSignal"/>, or null for one we do not forward.</summary>
    public static int? Number(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => SigHup,
        PosixSignal.SIGINT => SigInt,
        PosixSignal.SIGQUIT => SigQuit,
        PosixSignal.SIGTERM => SigTerm,
        _ => null,
    };

    /// <summary>True when the signal was delivered (false when the process is already gone).</summary>
    public static bool Send(int processId, int signal) => !OperatingSystem.IsWindows() && Kill(processId, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
