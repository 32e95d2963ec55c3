namespace CertCreds.Platform;

/// <summary>
/// A path that should name a regular file names something else (FIFO, device, directory, socket). Reading such a
/// file can block forever (a FIFO with no writer) or never end (/dev/zero), so it is refused before any read.
/// </summary>
public sealed class SpecialFileException(string path, FileKind kind)
    : IOException($"{path} is not a regular file")
{
    public string Path { get; } = path;

    public FileKind Kind { get; } = kind;
}
