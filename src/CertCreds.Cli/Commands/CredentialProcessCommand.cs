using System.CommandLine;
using CertCreds.Output;

namespace CertCreds.Cli.Commands;

/// <summary>
/// <c>certcreds credential-process</c>: prints one credential_process JSON document on stdout, or nothing and
/// a one-line error on stderr.
/// </summary>
internal static class CredentialProcessCommand
{
    public static Command Create(CliContext context)
    {
        var identity = new IdentityArguments();
        var command = new Command("credential-process", "Fetch credentials with the device certificate and print them as credential_process JSON (for ~/.aws/config).");
        identity.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = identity.Resolve(result, context.GetEnvironmentVariable);
            var credentials = await new CredentialFetcher(context).FetchAsync(settings, cancellationToken).ConfigureAwait(false);
            var bytes = CredentialProcessOutput.Serialize(credentials);
            await context.Stdout.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await context.Stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
