namespace CertCreds.Platform;

/// <summary>
/// Linux errno values certcreds tells apart. .NET puts the errno of a failed file operation in
/// <see cref="Exception.HResult"/> on Unix; their wording for users is <see cref="Errors.FileFault"/>'s, the one
/// table of words for errno values.
/// </summary>
public static class Errno
{
    public const int NoSuchFile = 2;
    public const int IoError = 5;
    public const int PermissionDenied = 13;
    public const int Exists = 17;
    public const int IsDirectory = 21;
    public const int WouldBlock = 11;
    public const int NoSpace = 28;
    public const int ReadOnlyFileSystem = 30;
    public const int TooManyLinks = 40;
    public const int QuotaExceeded = 122;
}
