using CertCreds.Errors;

namespace CertCreds.Platform;

/// <summary>
/// Reads the small input files certcreds needs (certificates, keys, passwords, CA bundles), resolving
/// relative paths against the working directory and turning every failure into a one-line error.
/// </summary>
public sealed class FileReader(string workingDirectory)
{
    /// <summary>Inputs larger than this are not certificates or keys; refusing them bounds memory.</summary>
    public const int MaxInputBytes = 1024 * 1024;

    public string WorkingDirectory { get; } = workingDirectory;

    public string Resolve(string path) => Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(WorkingDirectory, path));

    /// <param name="what">What the file is, for messages ("certificate", "private key").</param>
    /// <param name="option">The option that named it, for the hint.</param>
    public byte[] Read(string path, string what, string option)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Resolve(path);
        var shown = Path.IsPathRooted(path) ? path : $"{path} (resolved against {WorkingDirectory} to {full})";
        try
        {
            // Links are followed (a certificate symlinked into place is normal), but only a regular file is read,
            // opened without blocking and read from the open descriptor up to the cap: a FIFO, /dev/zero or
            // /dev/urandom can neither hang the call nor fill memory.
            return NativeFile.ReadRegularFile(full, MaxInputBytes, followLinks: true);
        }
        catch (SpecialFileException e) when (e.Kind == FileKind.Directory)
        {
            throw new IdentityException($"the {what} {shown} is a directory", $"pass the file itself with {option}");
        }
        catch (SpecialFileException e)
        {
            throw new IdentityException($"the {what} {shown} is {FileFacts.Describe(e.Kind)}, not a regular file", $"pass the {what} file itself with {option}");
        }
        catch (FileTooLargeException)
        {
            throw new IdentityException($"the {what} {shown} is larger than {MaxInputBytes / 1024 / 1024} MiB, too large for a {what}", $"check the path given with {option}");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Missing, a dangling link, a file in the way, or a folder on the way that may not be searched.
            var why = FileFault.WhyMissing(full);
            throw new IdentityException(
                why == "it does not exist" ? $"the {what} {shown} does not exist" : $"the {what} {shown} cannot be read: {why}",
                Path.IsPathRooted(path)
                    ? $"check the path given with {option}"
                    : $"pass an absolute path with {option}; credential_process runs in whatever directory the AWS CLI was started in",
                e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IdentityException($"the {what} {shown} cannot be read: {FileFault.Describe(e, full)}", $"run certcreds as a user that can read it, or fix its permissions (chmod 600, chown)", e);
        }
        catch (IOException e)
        {
            throw new IdentityException($"the {what} {shown} cannot be read: {FileFault.Describe(e, full)}", $"check the path given with {option}", e);
        }
    }
}
