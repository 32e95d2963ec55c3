namespace CertCreds.Platform;

/// <summary>
/// Tells "another process holds this flock" apart from real I/O failures when opening a lock file with
/// <see cref="FileShare.None"/> (which .NET implements with flock(2), non-blocking).
/// </summary>
public static class FileLockContention
{
    /// <summary>
    /// .NET reports a held lock as the errno EWOULDBLOCK (11 on Linux, 35 on macOS) in the HResult, or
    /// ERROR_SHARING_VIOLATION. Anything else (read-only file system, …) will not pass by waiting.
    /// </summary>
    public static bool IsHeldElsewhere(IOException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.HResult is 11 or 35 or unchecked((int)0x80070020);
    }
}
