using System.CommandLine;
using System.Text.Json;
using System.Text;
using CertCreds.Cli.Doctor;
using CertCreds.Cli.Options;
using CertCreds.Errors;

namespace CertCreds.Cli.Commands;

/// <summary>
/// <c>certcreds doctor</c>: runs <see cref="DoctorChecks"/> and prints the checklist (or JSON with <c>--json</c>) on
/// stdout. Exit 0 when nothing failed; otherwise the exit code of the first failure (same table as
/// <c>credential-process</c>), so scripts can tell a trust problem from a rejected certificate.
/// </summary>
internal static class DoctorCommand
{
    public static Command Create(CliContext context)
    {
        var identity = new IdentityArguments();
        var profile = new Option<string>("--profile") { Description = "Also check that this AWS config profile runs exactly this setup", HelpName = "NAME" };
        var json = new Option<bool>("--json") { Description = "Print the checklist as JSON" };
        var command = new Command("doctor", "Check every step from the certificate files to the credentials, and say what to fix.");
        identity.AddTo(command);
        command.Options.Add(profile);
        command.Options.Add(json);
        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = identity.Resolve(result, context.GetEnvironmentVariable);
            var checks = await new DoctorChecks(context).RunAsync(settings, result.GetValue(profile), cancellationToken).ConfigureAwait(false);
            var failed = checks.FirstOrDefault(c => c.Status == CheckStatus.Fail);
            var bytes = result.GetValue(json)
                ? JsonSerializer.SerializeToUtf8Bytes(new DoctorReport(failed is null, checks), CliJsonContext.Default.DoctorReport)
                : new UTF8Encoding(false).GetBytes(Render(checks));
            await context.Stdout.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            if (result.GetValue(json))
            {
                await context.Stdout.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            }

            await context.Stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            return failed?.ExitCode ?? 0;
        });
        return command;
    }

    private static string Render(IReadOnlyList<CheckResult> checks)
    {
        var writer = new StringWriter { NewLine = "\n" };
        foreach (var check in checks)
        {
            var mark = check.Status switch
            {
                CheckStatus.Pass => "pass",
                CheckStatus.Warn => "WARN",
                CheckStatus.Fail => "FAIL",
                _ => "skip",
            };
            writer.WriteLine($"[{mark}] {check.Check,-11} {TerminalText.Escape(ErrorReporter.Redact(check.Detail))}");
            if (check.Fix is not null)
            {
                writer.WriteLine($"       {string.Empty,-11} fix: {TerminalText.Escape(check.Fix)}");
            }
        }

        var failures = checks.Count(c => c.Status == CheckStatus.Fail);
        var warnings = checks.Count(c => c.Status == CheckStatus.Warn);
        writer.WriteLine(failures == 0 ? $"All checks passed{(warnings > 0 ? $" ({warnings} warning{(warnings == 1 ? string.Empty : "s")})" : string.Empty)}." : $"{failures} check{(failures == 1 ? string.Empty : "s")} failed.");
        return writer.ToString();
    }
}
