using System.CommandLine;
using CertCreds.Cli.Commands;
using CertCreds.Errors;

namespace CertCreds.Cli;

/// <summary>Builds the command tree and runs one invocation; the single place where exceptions become exit codes.</summary>
internal static class CliApp
{
    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("certcreds: temporary AWS credentials from an AWS IoT Core device certificate.");
        root.Subcommands.Add(CredentialProcessCommand.Create(context));
        root.Subcommands.Add(CacheCommand.Create(context));
        root.Subcommands.Add(EmulatorCommand.Create(context));
        root.Subcommands.Add(DemoCommand.Create(context));
        root.Subcommands.Add(ServeCommand.Create(context));
        root.Subcommands.Add(ExecCommand.Create(context));
        root.Subcommands.Add(ConfigureCommand.Create(context));
        root.Subcommands.Add(UpdateCommand.Create(context));
        root.Subcommands.Add(DoctorCommand.Create(context));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var root = Build(context);
            var result = root.Parse(args);
            if (result.Errors.Count > 0 && result.Action is not System.CommandLine.Help.HelpAction)
            {
                var command = result.CommandResult.Command;
                var path = command == root ? "certcreds" : $"certcreds {command.Name}";
                throw new UsageException(result.Errors[0].Message.TrimEnd('.'), $"run '{path} --help' for usage");
            }

            var configuration = new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                Output = new StreamWriter(context.Stdout) { AutoFlush = true },
                Error = context.Stderr,
            };
            if (ExecCommand.ForwardsSignals(result))
            {
                // exec passes signals to its command and exits with the command's code, however long it takes.
                configuration.ProcessTerminationTimeout = null;
            }

            return await result.InvokeAsync(configuration, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return ErrorReporter.Report(e, context.Stderr);
        }
    }
}
