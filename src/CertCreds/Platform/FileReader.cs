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
            var info = new FileInfo(full);
            if (!info.Exists)
            {
                if (Directory.Exists(full))
                {
                    throw new IdentityException($"the {what} {shown} is a directory", $"pass the file itself with {option}");
                }

                var why = FileFault.WhyMissing(full);
                throw new IdentityException(
                    why == "it does not exist" ? $"the {what} {shown} does not exist" : $"the {what} {shown} cannot be read: {why}",
                    Path.IsPathRooted(path)
                        ? $"check the path given with {option}"
                        : $"pass an absolute path with {option}; credential_process runs in whatever directory the AWS CLI was started in");
            }

            if (info.Length > MaxInputBytes)
            {
                throw new IdentityException($"the {what} {shown} is {info.Length} bytes, too large for a {what}", $"check the path given with {option}");
            }

            return File.ReadAllBytes(full);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IdentityException($"the {what} {shown} cannot be read: permission denied", $"run certcreds as a user that can read it, or fix its permissions (chmod 600, chown)", e);
        }
        catch (IOException e)
        {
            throw new IdentityException($"the {what} {shown} cannot be read: {FileFault.Describe(e, full)}", $"check the path given with {option}", e);
        }
    }
}
