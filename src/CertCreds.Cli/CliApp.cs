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
        ("provision", ProvisionCommand.Create),
        ("deprovision", DeprovisionCommand.Create),
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

    /// <summary>A word the parser did not know: say which, and suggest the closest verb or option of that command.</summary>
    private static UsageException Unknown(string token, Command command, string path)
    {
        var isOption = token.StartsWith('-');
        var candidates = isOption
            ? command.Options.SelectMany(option => option.Aliases.Prepend(option.Name)).Where(name => name.StartsWith("--", StringComparison.Ordinal))
            : command.Subcommands.Select(subcommand => subcommand.Name);
        var closest = Suggestions.Closest(token, candidates);
        var kind = isOption ? "option" : command.Subcommands.Count > 0 ? "command" : "argument";
        var help = $"run '{path} --help' for usage";
        return new UsageException(
            $"unknown {kind} '{token}'",
            closest is null ? help : $"did you mean '{path} {closest}'? {help}");
    }

    private static string PathOf(Command command, RootCommand root)
    {
        var names = new List<string>();
        for (var current = command; current is not null && current != root; current = current.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Insert(0, current.Name);
        }

        return string.Join(' ', names);
    }

    public static async Task<int> RunAsync(string[] args, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var root = Build(context, args);
            var result = root.Parse(args);
            if (!context.Trace.Enabled && Options.DropInArguments.DebugRequested(result))
            {
                // aws_signing_helper's --debug: the same tracing as CERTCREDS_TRACE=1. The commands capture the
                // context when built, so the tree is built again with the tracing one.
                context = context with { Trace = new Platform.Tracer(context.Stderr, context.Clock) };
                root = Build(context, args);
                result = root.Parse(args);
            }

            if (result.Errors.Count > 0 && result.Action is not System.CommandLine.Help.HelpAction)
            {
                var command = result.CommandResult.Command;
                var path = command == root ? "certcreds" : $"certcreds {PathOf(command, root)}";
                if (result.UnmatchedTokens.Count > 0)
                {
                    throw Unknown(result.UnmatchedTokens[0], command, path);
                }

                throw new UsageException(TerminalText.Escape(result.Errors[0].Message.TrimEnd('.')), $"run '{path} --help' for usage");
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
