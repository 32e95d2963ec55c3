namespace CertCreds.Platform;

/// <summary>What stat(2) says about one file: its type, owner, group, permission bits and size.</summary>
public readonly record struct FileFacts(FileKind Kind, uint OwnerId, uint GroupId, UnixFileMode Permissions, long Size)
{
    /// <summary>How this file's kind reads in a message ("a FIFO (named pipe)", "a character device").</summary>
    public string DescribeKind() => Describe(Kind);

    /// <summary>How a kind reads in a message.</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a directory",
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        _ => "a special file",
    };
}
