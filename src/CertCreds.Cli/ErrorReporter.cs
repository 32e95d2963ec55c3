using System.Text.RegularExpressions;
using CertCreds.Errors;

namespace CertCreds.Cli;

/// <summary>
/// The one place errors become text: <c>certcreds: what went wrong — how to fix it</c>, one line on stderr,
/// and an exit code. Passwords embedded in URLs (proxies) are masked on the way out.
/// </summary>
internal static partial class ErrorReporter
{
    public static int Report(Exception exception, TextWriter stderr)
    {
        switch (exception)
        {
            case CertCredsException known:
                WriteLine(stderr, $"certcreds: {known.Message} — {known.Hint}");
                return known.ExitCode;
            case OperationCanceledException:
                WriteLine(stderr, "certcreds: interrupted");
                return 130;
            default:
                WriteLine(stderr, $"certcreds: internal error ({exception.GetType().Name}: {exception.Message}) — please report it at the project's issue tracker with the command you ran");
                return ExitCodes.Internal;
        }
    }

    public static void Warn(TextWriter stderr, string message) => WriteLine(stderr, "certcreds: warning: " + message);

    private static void WriteLine(TextWriter stderr, string line)
    {
        var oneLine = Redact(line).ReplaceLineEndings(" ");
        stderr.WriteLine(oneLine);
        stderr.Flush();
    }

    /// <summary>Masks <c>user:password@</c> in any URL (HTTPS_PROXY may carry credentials).</summary>
    public static string Redact(string text) => UserInfo().Replace(text, "://***@");

    [GeneratedRegex(@"://[^/\s@]+@")]
    private static partial Regex UserInfo();
}
