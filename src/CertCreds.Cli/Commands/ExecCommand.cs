using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using CertCreds.Cli.Options;
using CertCreds.Cli.Serving;
using CertCreds.Errors;
using CertCreds.Platform;
using CertCreds.Serving;

namespace CertCreds.Cli.Commands;

/// <summary>
/// <c>certcreds exec … -- COMMAND [ARGS…]</c>: runs one command with credentials from a private server (free
/// loopback port, fresh token) through the container variables, with every variable that would shadow them
/// removed. Forwards SIGINT, SIGTERM, SIGHUP and SIGQUIT, exits with the command's code, stops the server.
/// </summary>
internal static class ExecCommand
{
    public const string Name = "exec";

    public static Command Create(CliContext context)
    {
        var identity = new IdentityArguments();
        var accessLog = new Option<bool>("--access-log") { Description = "Log one line per request on stderr (never a token)" };
        var commandLine = new Argument<string[]>("command") { Description = "The command and its arguments, after --", Arity = ArgumentArity.OneOrMore, HelpName = "COMMAND [ARGS…]" };
        var command = new Command(Name, "Run a command with credentials served to it on a private local endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI), refreshed while it runs.");
        identity.AddTo(command);
        command.Options.Add(accessLog);
        command.Arguments.Add(commandLine);
        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = identity.Resolve(result, context.GetEnvironmentVariable);
            var arguments = result.GetValue(commandLine)!;

            // Before the first fetch changes the C environment for our own TLS: the child gets what we were given.
            var inherited = NativeEnvironment.Snapshot();
            var runtime = await ServeRuntime.StartAsync(context, settings, IPAddress.Loopback, 0, ImdsAccess.Off, result.GetValue(accessLog), tolerateTransientStart: false, cancellationToken).ConfigureAwait(false);
            await using (runtime.ConfigureAwait(false))
            {
                return await RunChildAsync(arguments, inherited, runtime).ConfigureAwait(false);
            }
        });
        return command;
    }

    /// <summary>True when the invocation is <c>exec</c>, which forwards termination signals itself instead of cancelling.</summary>
    public static bool ForwardsSignals(ParseResult result) => result?.CommandResult.Command.Name == Name;

    /// <summary>
    /// Why the command did not start, from errno (the exception's message is a resource key in the AOT build):
    /// not found, not executable, not a program, a folder.
    /// </summary>
    internal static ChildProcessException CannotStart(string command, Win32Exception e)
    {
        const int ENOENT = 2, ENOEXEC = 8, EACCES = 13, ENOTDIR = 20, E2BIG = 7, ETXTBSY = 26, ELOOP = 40, EPERM = 1;
        var hasSlash = command.Contains('/', StringComparison.Ordinal);
        if (hasSlash && Directory.Exists(command))
        {
            return new ChildProcessException($"could not start '{command}': it is a folder, not a program", "name the program to run after --", e);
        }

        var (why, fix) = e.NativeErrorCode switch
        {
            ENOENT or ENOTDIR when hasSlash => ("no such file", "check the path of the command"),
            ENOENT or ENOTDIR => ("no such command on PATH", "check the command name, or give its full path"),
            EACCES or EPERM => ("permission denied (it is not executable, or a folder on its path may not be searched)", $"make it executable (chmod +x {command}) or run it through its interpreter, e.g. sh {command}"),
            ENOEXEC => ("it is not a program this system can run (a script without a #! line?)", $"add a #! line to it, or run it through its interpreter, e.g. sh {command}"),
            E2BIG => ("the arguments and environment are too long", "pass fewer or shorter arguments"),
            ETXTBSY => ("the file is being written", "wait until it is complete and try again"),
            ELOOP => ("too many levels of symbolic links", "check the links on the command's path"),
            _ => ($"the system refused to run it (error {e.NativeErrorCode})", "check the command name, that it is on PATH and executable"),
        };
        return new ChildProcessException($"could not start '{command}': {why}", fix, e);
    }

    private static async Task<int> RunChildAsync(string[] arguments, Dictionary<string, string> inherited, ServeRuntime runtime)
    {
        var info = new ProcessStartInfo(arguments[0]) { UseShellExecute = false };
        foreach (var argument in arguments.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (name, value) in inherited)
        {
            info.Environment[name] = value;
        }

        ChildEnvironment.Apply(info.Environment, runtime.Server.ContainerUri, runtime.Token);
        Process child;
        try
        {
            child = Process.Start(info) ?? throw new ChildProcessException($"could not start '{arguments[0]}'", "check the command name");
        }
        catch (Win32Exception e)
        {
            throw CannotStart(arguments[0], e);
        }

        using (child)
        {
            var registrations = new List<PosixSignalRegistration>();
            foreach (var signal in (PosixSignal[])[PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT])
            {
                registrations.Add(PosixSignalRegistration.Create(signal, signalContext =>
                {
                    // The child decides how to end; we end when it does, with its exit code.
                    signalContext.Cancel = true;
                    if (NativeSignals.Number(signalContext.Signal) is { } number)
                    {
                        _ = NativeSignals.Send(child.Id, number);
                    }
                }));
            }

            try
            {
                await child.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                return child.ExitCode;
            }
            finally
            {
                foreach (var registration in registrations)
                {
                    registration.Dispose();
                }
            }
        }
    }
}
