using System.CommandLine;
using CertCreds.Credentials;
using CertCreds.Errors;
using CertCreds.Platform;

namespace CertCreds.Cli.Commands;

/// <summary><c>certcreds cache clear</c>: empties the credential cache, both levels (the cache folder and the user's kernel keyring).</summary>
internal static class CacheCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("cache", "Manage the credential cache ($XDG_CACHE_HOME/certcreds or ~/.cache/certcreds, and certcreds entries in the kernel keyring).");
        var clear = new Command("clear", "Delete every cached credential (files and keyring entries).");
        clear.SetAction(_ =>
        {
            var directory = CacheStore.DefaultDirectory(context.GetEnvironmentVariable);

            // The keyring needs no folder: clear it first, so that a missing HOME still empties it.
            var failed = new KeyringCache(context.Keyring, context.Clock).Clear(out var fromKeyring);
            var keyringText = failed == 0
                ? $"{fromKeyring} from the kernel keyring"
                : $"none from the kernel keyring (it cannot be used here: errno {failed})";
            if (directory is null)
            {
                context.Stderr.WriteLine($"certcreds: removed {keyringText}; there is no cache folder (neither XDG_CACHE_HOME nor HOME is set)");
                return 0;
            }

            var removed = new CacheStore(directory).Clear();
            context.Stderr.WriteLine($"certcreds: removed {removed} cached credential{(removed == 1 ? string.Empty : "s")} from {directory} and {keyringText}");
            return 0;
        });
        command.Subcommands.Add(clear);
        return command;
    }
}
