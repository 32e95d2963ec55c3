namespace CertCreds.Platform;

/// <summary>What a path names, from the file-type bits of stat(2).</summary>
public enum FileKind
{
    Regular,
    Directory,
    SymbolicLink,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
    Unknown,
}
