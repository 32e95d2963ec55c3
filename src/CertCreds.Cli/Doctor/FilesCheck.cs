using CertCreds.Errors;
using CertCreds.Keys.Hardware;
using CertCreds.Sources;

namespace CertCreds.Cli.Doctor;

/// <summary><c>files</c>: every file named is readable, and the secret ones (key, PKCS#12, password) are private.</summary>
internal sealed class FilesCheck : IDoctorCheck
{
    public Task RunAsync(DoctorRun run, CancellationToken cancellationToken)
    {
        var settings = run.Settings;
        var secrets = new List<(string Path, string What)>();
        if (KeyFile(settings) is { } keyFile)
        {
            secrets.Add((keyFile, "private key"));
        }
        else if (settings.Identity.PrivateKeyPath is null && settings.Identity.CertificatePath is not null)
        {
            secrets.Add((settings.Identity.CertificatePath, "PKCS#12 file"));
        }

        if (settings.Identity.PasswordFile is not null)
        {
            secrets.Add((settings.Identity.PasswordFile, "password file"));
        }

        var problems = new List<string>();
        foreach (var (path, what) in secrets)
        {
            var full = run.Files.Resolve(path);
            if (File.Exists(full) && !OperatingSystem.IsWindows())
            {
                var mode = File.GetUnixFileMode(full);
                if ((mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
                {
                    problems.Add($"the {what} {full} can be read or written by other users");
                }
            }
        }

        try
        {
            foreach (var (path, what, option) in AllFiles(settings))
            {
                _ = run.Files.Read(path, what, option);
            }
        }
        catch (IdentityException e)
        {
            run.Add(CheckResult.Fail("files", e.Message, e.Hint, e.ExitCode));
            return Task.CompletedTask;
        }

        run.Add(problems.Count == 0
            ? CheckResult.Pass("files", "every file is readable and the secret ones are private")
            : CheckResult.Warn("files", string.Join("; ", problems), "chmod 600 the key and password files (and keep their folder 0700)"));
        return Task.CompletedTask;
    }

    private static IEnumerable<(string Path, string What, string Option)> AllFiles(CredentialSettings settings)
    {
        if (settings.Identity.CertificatePath is not null)
        {
            yield return (settings.Identity.CertificatePath, "certificate", "--certificate");
        }

        if (KeyFile(settings) is { } keyFile)
        {
            yield return (keyFile, "private key", "--private-key");
        }

        if (settings.Identity.PasswordFile is not null)
        {
            yield return (settings.Identity.PasswordFile, "password file", "--private-key-password-file");
        }

        if (settings.CaCertPath is not null)
        {
            yield return (settings.CaCertPath, "CA file", "--ca-cert");
        }
    }

    /// <summary>The private key's file; null when there is none (PKCS#12) or the key is in a token or TPM.</summary>
    private static string? KeyFile(CredentialSettings settings) =>
        settings.Identity.PrivateKeyPath is { } key && !Pkcs11Uri.IsPkcs11Uri(key) && !TpmHandle.IsTpmHandle(key) ? key : null;
}
