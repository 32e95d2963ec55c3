using System.Text;
using CertCreds.Platform;

namespace CertCreds.Certificates;

/// <summary>Reads the identity files and parses them; all local checks happen before any connection.</summary>
public sealed class IdentityLoader(FileReader files, TimeProvider clock, Func<string?> passwordFromEnvironment)
{
    public DeviceIdentity Load(IdentityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var certificate = files.Read(options.CertificatePath, "certificate", "--certificate");
        var key = options.PrivateKeyPath is null ? null : files.Read(options.PrivateKeyPath, "private key", "--private-key");
        return IdentityParser.Parse(options.CertificatePath, certificate, options.PrivateKeyPath, key, () => ReadPassword(options), clock.GetUtcNow());
    }

    private string? ReadPassword(IdentityOptions options)
    {
        if (options.PasswordFile is null)
        {
            return passwordFromEnvironment();
        }

        var text = Encoding.UTF8.GetString(files.Read(options.PasswordFile, "password file", "--private-key-password-file"));
        // Editors and `echo` add one newline; the password itself never ends with one.
        return text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
    }
}
