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
            case Exception file when FileFault.IsFileFault(file):
                // Each place that touches a file classifies its failures; this net keeps a missed one a plain sentence.
                WriteLine(stderr, $"certcreds: a file or stream could not be used: {FileFault.Describe(file, (file as FileNotFoundException)?.FileName)} — check the files and folders this command uses and their permissions");
                return ExitCodes.Identity;
            case HttpRequestException or System.Net.Sockets.SocketException:
                WriteLine(stderr, $"certcreds: a network request failed: {NetworkFault.Describe(exception)} — check network access and any proxy");
                return ExitCodes.Transient;
            default:
                WriteLine(stderr, $"certcreds: internal error ({exception.GetType().Name}: {exception.Message}) — please report it at the project's issue tracker with the command you ran");
                return ExitCodes.Internal;
        }
    }

    public static void Warn(TextWriter stderr, string message) => WriteLine(stderr, "certcreds: warning: " + message);

    /// <summary>
    /// Every line certcreds prints for humans about an error passes here: one line, URL passwords masked, and
    /// control and bidi characters from untrusted text (file names, server messages, arguments) escaped.
    /// </summary>
    private static void WriteLine(TextWriter stderr, string line)
    {
        var oneLine = TerminalText.Escape(Redact(line).ReplaceLineEndings(" "));
        try
        {
            stderr.WriteLine(oneLine);
            stderr.Flush();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // stderr is closed or full: nowhere left to say it; the exit code still does.
        }
    }

    /// <summary>Masks <c>user:password@</c> in any URL (HTTPS_PROXY may carry credentials).</summary>
    public static string Redact(string text) => UserInfo().Replace(text, "://***@");

    [GeneratedRegex(@"://[^/\s@]+@")]
    private static partial Regex UserInfo();
}
