using System.Security.Cryptography;
using System.Text;
using CertCreds.Certificates;
using CertCreds.Errors;

namespace CertCreds.Keys;

/// <summary>
/// Keys in files: a PEM key (PKCS#1, PKCS#8, SEC1, encrypted PKCS#8) beside a PEM/DER certificate, or a PKCS#12
/// certificate file holding its key. Accepts every value, so it is the last of <see cref="KeySources.Default"/>.
/// </summary>
public sealed class FileKeySource : IKeySource
{
    public static FileKeySource Instance { get; } = new();

    public string Kind => "file";

    public bool Accepts(string? privateKey) => true;

    public DeviceIdentity Load(IdentityOptions options, KeyLoadContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var files = context.Files;
        var certificatePath = options.CertificatePath
            ?? throw new UsageException("no certificate was given", "pass --certificate PATH (the device's certificate.pem.crt)");
        var certificate = files.Read(certificatePath, "certificate", "--certificate");
        var key = options.PrivateKeyPath is null ? null : files.Read(options.PrivateKeyPath, "private key", "--private-key");
        try
        {
            return IdentityParser.Parse(certificatePath, certificate, options.PrivateKeyPath, key, () => ReadPassword(options, context), context.Clock.GetUtcNow());
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

    private static string? ReadPassword(IdentityOptions options, KeyLoadContext context)
    {
        if (options.PasswordFile is null)
        {
            return context.Password();
        }

        var bytes = context.Files.Read(options.PasswordFile, "password file", "--private-key-password-file");
        var text = Encoding.UTF8.GetString(bytes);

        // The string must live on (the parser takes a string): .NET strings are immutable and cannot be cleared.
        CryptographicOperations.ZeroMemory(bytes);
        // Editors and `echo` add one newline; the password itself never ends with one.
        return text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
    }
}
