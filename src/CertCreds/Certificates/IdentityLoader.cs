using System.Security.Cryptography;
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
        try
        {
            return IdentityParser.Parse(options.CertificatePath, certificate, options.PrivateKeyPath, key, () => ReadPassword(options), clock.GetUtcNow());
        }
        finally
        {
            // The key file's bytes are ours: clear them so no copy outlives the parsed key (which the TLS stack holds).
            // The certificate file can hold a PKCS#12 with its key, so it is cleared too.
            CryptographicOperations.ZeroMemory(certificate);
            if (key is not null)
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }
    }

    private string? ReadPassword(IdentityOptions options)
    {
        if (options.PasswordFile is null)
        {
            return passwordFromEnvironment();
        }

        var bytes = files.Read(options.PasswordFile, "password file", "--private-key-password-file");
        var text = Encoding.UTF8.GetString(bytes);

        // The string must live on (the parser takes a string): .NET strings are immutable and cannot be cleared.
        CryptographicOperations.ZeroMemory(bytes);
        // Editors and `echo` add one newline; the password itself never ends with one.
        return text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
    }
}
