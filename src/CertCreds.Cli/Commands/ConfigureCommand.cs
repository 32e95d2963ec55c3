using System.CommandLine;
using System.Text;
using CertCreds.Cli.AwsFiles;
using CertCreds.Cli.Discovery;
using CertCreds.Cli.Options;
using CertCreds.Errors;
using CertCreds.Keys.Hardware;
using CertCreds.Output;
using CertCreds.Platform;

namespace CertCreds.Cli.Commands;

/// <summary>
/// <c>certcreds configure</c>: proves the identity works (one fetch), then writes <c>credential_process</c> into
/// <c>[profile NAME]</c> of the AWS config file, touching nothing else in it.
/// </summary>
internal static class ConfigureCommand
{
    public static Command Create(CliContext context)
    {
        var identity = new IdentityArguments();
        var profile = new Option<string>("--profile") { Description = "AWS profile to write ([profile NAME] in AWS_CONFIG_FILE or ~/.aws/config)", HelpName = "NAME", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show the change to the config file on stdout without writing it" };
        var noVerify = new Option<bool>("--no-verify") { Description = "Do not fetch credentials once before writing" };
        var binary = new Option<string>("--command") { Description = "The certcreds executable the profile runs (default: this one)", HelpName = "PATH" };
        var command = new Command("configure", "Check that the device certificate gets credentials, then add a credential_process profile to the AWS config file.");
        identity.AddTo(command);
        command.Options.Add(profile);
        command.Options.Add(dryRun);
        command.Options.Add(noVerify);
        command.Options.Add(binary);
        var discovery = new EndpointDiscovery();
        discovery.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var name = result.GetValue(profile)!;
            AwsFileEditor.ValidateProfileName(name);
            var environment = await discovery.EnvironmentWithEndpointAsync(context, result, identity, cancellationToken).ConfigureAwait(false);
            var settings = ProfileCommandLine.Absolute(identity.Resolve(result, environment, regionServesIot: result.GetValue(discovery.Discover)), context.WorkingDirectory);
            RefusePinInProfile(settings.Identity.PrivateKeyPath);
            if (settings.Identity.PasswordFile is null && !string.IsNullOrEmpty(context.GetEnvironmentVariable("CERTCREDS_PRIVATE_KEY_PASSWORD")))
            {
                ErrorReporter.Warn(context.Stderr, "CERTCREDS_PRIVATE_KEY_PASSWORD is not written into the profile; AWS clients will run certcreds without it unless their environment sets it — prefer --private-key-password-file");
            }

            var executable = ExecutablePath(context, result.GetValue(binary));
            var line = ProfileCommandLine.Build(executable, settings);
            var configPath = AwsFilePaths.Config(context);
            var credentialsPath = AwsFilePaths.Credentials(context);

            string Edit(string before)
            {
                ProfileTraps.CheckBeforeCredentialProcess(name, configPath, before, credentialsPath, SharedFileEditor.ReadText(credentialsPath));
                return AwsFileEditor.SetValues(before, configPath, AwsFileKind.Config, name, [new("credential_process", line)]);
            }

            // Checked before the network call too, so a refusal costs nothing.
            var current = SharedFileEditor.ReadText(configPath);
            _ = Edit(current);
            if (!result.GetValue(noVerify))
            {
                var credentials = await CliCredentials.Service(context).FetchAsync(settings, cancellationToken).ConfigureAwait(false);
                context.Stderr.WriteLine($"certcreds: verified: the certificate got credentials for {credentials.AccessKeyId} until {CredentialProcessOutput.FormatExpiration(credentials.Expiration)}");
            }

            if (result.GetValue(dryRun))
            {
                var diff = FileDiff.Render(configPath, current, Edit(current));
                await context.Stdout.WriteAsync(new UTF8Encoding(false).GetBytes(diff), cancellationToken).ConfigureAwait(false);
                await context.Stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
                return 0;
            }

            var mode = File.Exists(configPath) && !OperatingSystem.IsWindows() ? File.GetUnixFileMode(configPath) : UnixFileMode.UserRead | UnixFileMode.UserWrite;
            var (before, after) = new SharedFileEditor(context.Clock).Edit(configPath, Edit, mode, SharedFileEditor.DefaultLockTimeout);
            var section = AwsFileEditor.SectionName(AwsFileKind.Config, name);
            context.Stderr.WriteLine(before == after
                ? $"certcreds: [{section}] in {configPath} was already up to date"
                : $"certcreds: wrote [{section}] in {configPath}; try: aws sts get-caller-identity --profile {name}");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// A token key's URI goes into the profile as given, so a <c>pin-value</c> in it would sit in clear in the AWS
    /// config file. Refused rather than stripped: a stripped profile would fail with "needs a PIN" every time an AWS
    /// client runs it, far from the cause, while a refusal costs one re-run with pin-source or a PIN file.
    /// </summary>
    private static void RefusePinInProfile(string? privateKey)
    {
        if (Pkcs11Uri.IsPkcs11Uri(privateKey) && Pkcs11Uri.Parse(privateKey!, "--private-key").PinValue is not null)
        {
            throw new UsageException(
                "the pkcs11: URI holds the token PIN (pin-value), which configure would write in clear into the AWS config file",
                "put the PIN in a file only you can read and use pin-source=file:/path/to/pin in the URI, or --private-key-password-file FILE");
        }
    }

    private static string ExecutablePath(CliContext context, string? given)
    {
        var path = string.IsNullOrEmpty(given) ? Environment.ProcessPath : Path.GetFullPath(Path.Combine(context.WorkingDirectory, given));
        if (string.IsNullOrEmpty(path))
        {
            throw new UsageException("the path of the certcreds executable is unknown", "pass --command /absolute/path/to/certcreds");
        }

        return path;
    }
}
