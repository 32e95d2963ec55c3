namespace CertCreds.Platform;

/// <summary>A regular file larger than what its reader accepts; raised before more than the limit is read.</summary>
public sealed class FileTooLargeException(string path, long limit)
    : IOException($"{path} is larger than {limit} bytes")
{
    public string Path { get; } = path;

    public long Limit { get; } = limit;
}
