using System.CommandLine;
using CertCreds.Errors;
using CertCreds.Platform;

namespace CertCreds.Cli.Commands;

/// <summary><c>certcreds cache clear</c>: empties the credential cache.</summary>
internal static class CacheCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("cache", "Manage the credential cache ($XDG_CACHE_HOME/certcreds or ~/.cache/certcreds).");
        var clear = new Command("clear", "Delete every cached credential.");
        clear.SetAction(_ =>
        {
            var directory = CacheStore.DefaultDirectory(context.GetEnvironmentVariable)
                ?? throw new UsageException("there is no cache folder: neither XDG_CACHE_HOME nor HOME is set", "set HOME or XDG_CACHE_HOME");
            var removed = new CacheStore(directory).Clear();
            context.Stderr.WriteLine($"certcreds: removed {removed} cached credential{(removed == 1 ? string.Empty : "s")} from {directory}");
            return 0;
        });
        command.Subcommands.Add(clear);
        return command;
    }
}
