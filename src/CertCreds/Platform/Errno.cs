namespace CertCreds.Platform;

/// <summary>
/// Linux errno values certcreds tells apart, and their wording for users. .NET puts the errno of a failed file
/// operation in <see cref="Exception.HResult"/> on Unix, and the AOT build strips its own messages (resource
/// keys only), so messages about files are built from the number, never from <see cref="Exception.Message"/>.
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

    /// <summary>A short phrase for the failure: "disk full", "read-only file system", ….</summary>
    public static string Describe(int errno) => errno switch
    {
        NoSuchFile => "it does not exist",
        IoError => "I/O error",
        PermissionDenied or 1 => "permission denied",
        IsDirectory => "it is a directory",
        NoSpace => "disk full",
        ReadOnlyFileSystem => "read-only file system",
        TooManyLinks => "it is a symbolic link",
        QuotaExceeded => "disk quota exceeded (disk full for this user)",
        _ => $"system error {errno}",
    };
}
