using CertCreds.Platform;

namespace CertCreds.Errors;

/// <summary>
/// Says in plain words why a file operation failed, from the exception's type, its errno and a look at the
/// file system — never from the exception's message, which the Native AOT build strips down to a resource key
/// (<c>IO_FileNotFound_FileName</c>). Errno values are Linux's, the platform certcreds ships for.
/// </summary>
public static class FileFault
{
    private const int EPERM = 1;
    private const int ENOENT = 2;
    private const int EIO = 5;
    private const int EBADF = 9;
    private const int EACCES = 13;
    private const int EEXIST = 17;
    private const int ENOTDIR = 20;
    private const int EISDIR = 21;
    private const int ETXTBSY = 26;
    private const int EFBIG = 27;
    private const int ENOSPC = 28;
    private const int EROFS = 30;
    private const int EPIPE = 32;
    private const int ENAMETOOLONG = 36;
    private const int ELOOP = 40;
    private const int EDQUOT = 122;

    /// <summary>True for the exceptions a file operation throws because of the environment, not a bug.</summary>
    public static bool IsFileFault(Exception exception) => exception is IOException or UnauthorizedAccessException;

    /// <summary>Why <paramref name="exception"/> happened to <paramref name="path"/>, e.g. "it is a folder, not a file".</summary>
    /// <param name="exception">What the file operation threw.</param>
    /// <param name="path">The file the operation expected (null when unknown, or when it was a folder on purpose).</param>
    public static string Describe(Exception exception, string? path)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (path is not null && Directory.Exists(path) && exception is UnauthorizedAccessException or IOException { HResult: EISDIR })
        {
            // Opening a folder as a file reports EISDIR, or EACCES from .NET's own check after open.
            return "it is a folder, not a file";
        }

        if (path is not null && exception is not UnauthorizedAccessException && FileOnTheWay(path) is { } file)
        {
            // mkdir and open through a file report ENOTDIR, EEXIST or ENOENT: the file in the way is the fact to tell.
            return $"{file} is a file, not a folder";
        }

        switch (exception)
        {
            case FileNotFoundException or DirectoryNotFoundException:
                return path is null ? "it does not exist" : WhyMissing(path);
            case UnauthorizedAccessException when path is not null && StatDenied(Path.GetFullPath(path)):
                // EACCES from a folder on the way, not from the file: say which, the fix differs.
                return "a folder on its path may not be searched by this user (permission denied)";
            case UnauthorizedAccessException:
                return "permission denied";
            case PathTooLongException:
                return "the path is too long";
            case SpecialFileException special:
                return $"it is {FileFacts.Describe(special.Kind)}, not a regular file";
        }

        return exception.HResult switch
        {
            ENOENT when path is not null => WhyMissing(path),
            ENOTDIR when path is not null => WhyMissing(path),
            var errno => Describe(errno),
        };
    }

    /// <summary>Words for a Linux errno alone, for failures with no exception or no path to look at.</summary>
    public static string Describe(int errno) => errno switch
    {
        ENOENT => "it does not exist",
        EPERM or EACCES => "permission denied",
        EIO => "an input/output error (the disk or device failed)",
        EBADF => "it is closed",
        EEXIST => "it already exists",
        ENOTDIR => "a part of the path is a file, not a folder",
        EISDIR => "it is a folder, not a file",
        ETXTBSY => "it is a program that is running",
        EFBIG => "it is too large",
        ENOSPC => "no space left on the device (disk full)",
        EROFS => "the file system is read-only",
        EPIPE => "the program reading it has gone away (broken pipe)",
        ENAMETOOLONG => "the path is too long",
        ELOOP => "too many levels of symbolic links",
        EDQUOT => "the disk quota is exceeded",
        _ => "an input/output error",
    };

    /// <summary>
    /// Why a path cannot be found: a dangling symbolic link, a file where a folder is expected on the way, a
    /// folder on the way that may not be searched (then it may well exist), or simply missing.
    /// </summary>
    public static string WhyMissing(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        try
        {
            var info = new FileInfo(full);
            // File.Exists is true for a dangling link (it falls back to lstat); the final target tells.
            if (info.LinkTarget is { } target && info.ResolveLinkTarget(returnFinalTarget: true) is { Exists: false })
            {
                return $"it is a symbolic link to {target}, which does not exist";
            }

            if (StatDenied(full))
            {
                // stat fails with EACCES, not ENOENT, when a folder on the way may not be searched: it may well exist.
                return "a folder on its path may not be searched by this user (permission denied)";
            }

            if (FileOnTheWay(full) is { } file)
            {
                return $"{file} is a file, not a folder";
            }
        }
        catch (Exception e) when (IsFileFault(e))
        {
            return "a folder on its path may not be searched by this user (permission denied)";
        }

        return "it does not exist";
    }

    /// <summary>The nearest existing ancestor of <paramref name="path"/> when it is a file rather than a folder.</summary>
    private static string? FileOnTheWay(string path)
    {
        try
        {
            for (var parent = Path.GetDirectoryName(Path.GetFullPath(path)); parent is not null; parent = Path.GetDirectoryName(parent))
            {
                if (Directory.Exists(parent))
                {
                    return null;
                }

                if (File.Exists(parent))
                {
                    return parent;
                }
            }
        }
        catch (Exception e) when (IsFileFault(e))
        {
            return null;
        }

        return null;
    }

    private static bool StatDenied(string path)
    {
        try
        {
            _ = File.GetAttributes(path);
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
