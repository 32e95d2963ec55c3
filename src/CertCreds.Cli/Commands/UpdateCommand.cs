using System.CommandLine;
using CertCreds.Cli.AwsFiles;
using CertCreds.Cli.Options;
using CertCreds.Credentials;
using CertCreds.Errors;
using CertCreds.Output;
using CertCreds.Platform;
using CertCreds.Sources;

namespace CertCreds.Cli.Commands;

/// <summary>
/// <c>certcreds update</c>: keeps <c>[NAME]</c> in the shared credentials file filled with fresh credentials (and a
/// <c>certcreds_expiration</c> marker), for programs that only read that file. Each write goes through
/// <see cref="SharedFileEditor"/> (lock, temporary file, fsync, rename). Transient upstream failures are retried
/// with backoff and never touch the file; anything else (a rejection, a broken identity) ends the process, for a
/// service manager to report. SIGINT/SIGTERM stop it cleanly with exit code 0.
/// </summary>
internal static class UpdateCommand
{
    public const string ExpirationKey = "certcreds_expiration";

    public static Command Create(CliContext context)
    {
        var identity = new IdentityArguments();
        var profile = new Option<string>("--profile-name", "--profile") { Description = "Section to write in AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials (--profile as in aws_signing_helper; required for IoT, default 'default' with IAM Roles Anywhere as there)", HelpName = "NAME" };
        var once = new Option<bool>("--once") { Description = "Write once and exit, instead of refreshing until stopped" };
        var command = new Command("update", "Write credentials into the shared AWS credentials file and keep them fresh until stopped (or once with --once).");
        identity.AddTo(command);
        command.Options.Add(profile);
        command.Options.Add(once);
        command.SetAction(async (result, cancellationToken) =>
        {
            // Runs for hours holding the key (and perhaps its password): no core dump, no reading of its memory.
            _ = NativeProcess.MakeNonDumpable();
            var settings = ProfileCommandLine.Absolute(identity.Resolve(result, context.GetEnvironmentVariable), context.WorkingDirectory);
            var name = result.GetValue(profile);
            if (string.IsNullOrEmpty(name))
            {
                // aws_signing_helper update writes [default] unless told otherwise; IoT users always name the section.
                name = settings.Source.Kind == RolesAnywhereSource.SourceKind
                    ? "default"
                    : throw new UsageException("no --profile-name was given", "pass --profile-name NAME: the section of the shared credentials file to keep filled");
            }

            AwsFileEditor.ValidateProfileName(name);
            var configPath = AwsFilePaths.Config(context);
            var credentialsPath = AwsFilePaths.Credentials(context);
            ProfileTraps.CheckBeforeStaticKeys(name, configPath, SharedFileEditor.ReadText(configPath));
            // Refuse a broken credentials file before the first network call.
            AwsFileEditor.CheckBotocoreReadsIt(IniParser.Parse(SharedFileEditor.ReadText(credentialsPath)), credentialsPath);
            var runOnce = result.GetValue(once);
            var editor = new SharedFileEditor(context.Clock);
            var service = CliCredentials.Service(context);
            var failures = 0;
            try
            {
                while (true)
                {
                    TemporaryCredentials credentials;
                    try
                    {
                        credentials = await service.FetchAsync(settings, cancellationToken).ConfigureAwait(false);
                        failures = 0;
                    }
                    catch (TransientException e) when (!runOnce)
                    {
                        var delay = UpdateSchedule.RetryDelay(++failures);
                        ErrorReporter.Warn(context.Stderr, $"{e.Message}; {credentialsPath} left as it is, trying again in {delay.TotalSeconds:0} s");
                        await Task.Delay(delay, context.Clock, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    Write(editor, credentialsPath, name, credentials);
                    context.Stderr.WriteLine($"certcreds: wrote [{name}] in {credentialsPath}: {credentials.AccessKeyId} until {CredentialProcessOutput.FormatExpiration(credentials.Expiration)}");
                    if (runOnce)
                    {
                        return 0;
                    }

                    await Task.Delay(UpdateSchedule.NextRefresh(credentials.Expiration, context.Clock.GetUtcNow()), context.Clock, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !runOnce)
            {
                context.Stderr.WriteLine("certcreds: stopped");
                return 0;
            }
        });
        return command;
    }

    private static void Write(SharedFileEditor editor, string path, string profile, TemporaryCredentials credentials) =>
        editor.Edit(
            path,
            before => AwsFileEditor.SetValues(
                before,
                path,
                AwsFileKind.Credentials,
                profile,
                [
                    new("aws_access_key_id", credentials.AccessKeyId),
                    new("aws_secret_access_key", credentials.SecretAccessKey),
                    new("aws_session_token", credentials.SessionToken),
                    new(ExpirationKey, CredentialProcessOutput.FormatExpiration(credentials.Expiration)),
                ]),
            UnixFileMode.UserRead | UnixFileMode.UserWrite,
            SharedFileEditor.DefaultLockTimeout);
}
