using System.Globalization;
using CertCreds.Cli.Options;
using CertCreds.Keys.Hardware;
using CertCreds.Output;
using CertCreds.Platform;
using CertCreds.Sources;

namespace CertCreds.Cli.AwsFiles;

/// <summary>
/// The <c>credential_process</c> line for a set of fetch settings: absolute paths everywhere (botocore runs it
/// without a shell, from whatever directory the client started in) and quoting that works with and without a shell.
/// </summary>
internal static class ProfileCommandLine
{
    /// <summary>The settings with every path made absolute against the working directory.</summary>
    public static CredentialSettings Absolute(CredentialSettings settings, string workingDirectory)
    {
        var files = new FileReader(workingDirectory);
        var key = settings.Identity.PrivateKeyPath;
        var identity = settings.Identity with
        {
            CertificatePath = settings.Identity.CertificatePath is null ? null : files.Resolve(settings.Identity.CertificatePath),

            // A pkcs11: URI or a TPM handle names no file: kept as written.
            PrivateKeyPath = key is null || Pkcs11Uri.IsPkcs11Uri(key) || TpmHandle.IsTpmHandle(key) ? key : files.Resolve(key),
            PasswordFile = settings.Identity.PasswordFile is null ? null : files.Resolve(settings.Identity.PasswordFile),
            IntermediatesPath = settings.Identity.IntermediatesPath is null ? null : files.Resolve(settings.Identity.IntermediatesPath),
            Pkcs11Module = settings.Identity.Pkcs11Module is null ? null : files.Resolve(settings.Identity.Pkcs11Module),
        };
        return settings with { Identity = identity, CaCertPath = settings.CaCertPath is null ? null : files.Resolve(settings.CaCertPath) };
    }

    /// <param name="binary">Absolute path of the certcreds executable.</param>
    /// <param name="settings">Settings with absolute paths.</param>
    public static string Build(string binary, CredentialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var sourceOptions = settings.Source.CommandLineOptions;

        // The source's options lead, as they always have for IoT (--endpoint, --role-alias); --thing-name stays
        // where it was, after the identity, so existing profiles compare equal.
        var words = new List<string> { binary, "credential-process" };
        foreach (var (option, value) in sourceOptions.Where(o => o.Key != "--thing-name"))
        {
            if (value is not null)
            {
                words.AddRange([option, value]);
            }
        }

        if (settings.Identity.CertificatePath is not null)
        {
            words.AddRange(["--certificate", settings.Identity.CertificatePath]);
        }

        if (settings.Identity.PrivateKeyPath is not null)
        {
            words.AddRange(["--private-key", settings.Identity.PrivateKeyPath]);
        }

        if (settings.Identity.Pkcs11Module is not null)
        {
            words.AddRange(["--pkcs11-module", settings.Identity.Pkcs11Module]);
        }

        if (settings.Identity.PasswordFile is not null)
        {
            words.AddRange(["--private-key-password-file", settings.Identity.PasswordFile]);
        }

        if (settings.Identity.IntermediatesPath is not null)
        {
            words.AddRange(["--intermediates", settings.Identity.IntermediatesPath]);
        }

        foreach (var (option, value) in sourceOptions.Where(o => o.Key == "--thing-name"))
        {
            if (value is not null)
            {
                words.AddRange([option, value]);
            }
        }

        if (settings.CaCertPath is not null)
        {
            words.AddRange(["--ca-cert", settings.CaCertPath]);
        }

        if (settings.Timeout != IdentityArguments.DefaultTimeout)
        {
            words.AddRange(["--timeout", settings.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)]);
        }

        return CommandLine.Join(words);
    }
}
