using System.CommandLine;
using System.Diagnostics;
using CertCreds.Cli.Commands;
using CertCreds.Errors;

namespace CertCreds.Cli;

/// <summary>Builds the command tree and runs one invocation; the single place where exceptions become exit codes.</summary>
internal static class CliApp
{
    /// <summary>Every verb, by name. Building a verb's options costs start-up time, so only the named one is built.</summary>
    private static readonly (string Name, Func<CliContext, Command> Create)[] Verbs =
    [
        ("credential-process", CredentialProcessCommand.Create),
        ("cache", CacheCommand.Create),
        ("emulator", EmulatorCommand.Create),
        ("demo", DemoCommand.Create),
        ("serve", ServeCommand.Create),
        ("exec", ExecCommand.Create),
        ("configure", ConfigureCommand.Create),
        ("update", UpdateCommand.Create),
        ("doctor", DoctorCommand.Create),
    ];

    /// <summary>
    /// The command tree. When <paramref name="args"/> starts with a known verb only that verb is built (the
    /// AWS CLI runs credential-process on every call, so its start-up counts); otherwise — root help, typos —
    /// the whole tree, so usage and suggestions list every verb.
    /// </summary>
    public static RootCommand Build(CliContext context, IReadOnlyList<string>? args = null)
    {
        var root = new RootCommand("certcreds: temporary AWS credentials from an AWS IoT Core device certificate.");
        var named = args is { Count: > 0 } ? Array.Find(Verbs, verb => verb.Name == args[0]).Create : null;
        foreach (var (name, create) in Verbs)
        {
            if (named is null || create == named)
            {
                var command = create(context);
                Debug.Assert(command.Name == name, "the verb table names each command as it names itself");
                root.Subcommands.Add(command);
            }
        }

        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var root = Build(context, args);
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
