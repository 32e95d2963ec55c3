using System.Text;
using CertCreds.Certificates;

namespace CertCreds.Cli;

/// <summary>
/// The key password when no password file was given: CERTCREDS_PRIVATE_KEY_PASSWORD, else a prompt — but only
/// when a person can see and answer it (stdin and stderr are a terminal). Never prompts under credential_process.
/// </summary>
internal static class PasswordSource
{
    public static string? FromEnvironmentOrPrompt(CliContext context, IdentityOptions identity)
    {
        var fromEnvironment = context.GetEnvironmentVariable("CERTCREDS_PRIVATE_KEY_PASSWORD");
        if (!string.IsNullOrEmpty(fromEnvironment) || !context.IsInteractive)
        {
            return string.IsNullOrEmpty(fromEnvironment) ? null : fromEnvironment;
        }

        context.Stderr.Write($"Password for {identity.PrivateKeyPath ?? identity.CertificatePath ?? "the key"}: ");
        context.Stderr.Flush();
        var password = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0)
                {
                    password.Length--;
                }

                continue;
            }

            password.Append(key.KeyChar);
        }

        context.Stderr.WriteLine();
        return password.ToString();
    }
}
