using CertCreds.Platform;
using CertCreds.Sources;

namespace CertCreds.Cli;

/// <summary>The core <see cref="CredentialService"/> wired to a command's <see cref="CliContext"/>.</summary>
internal static class CliCredentials
{
    public static CredentialService Service(CliContext context) =>
        new(new CredentialEnvironment(
            new FileReader(context.WorkingDirectory),
            context.Clock,
            context.GetEnvironmentVariable,
            identity => PasswordSource.FromEnvironmentOrPrompt(context, identity),
            message => ErrorReporter.Warn(context.Stderr, message))
        {
            Trace = context.Trace,
            IsInteractive = context.IsInteractive,
            PinPrompt = context.IsInteractive ? new TerminalPinPrompt(context.Stderr) : null,
            MayChangeProcessEnvironment = true,
        });
}
