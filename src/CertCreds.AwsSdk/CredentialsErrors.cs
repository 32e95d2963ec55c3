using System.Text.RegularExpressions;
using CertCreds.Errors;

namespace CertCreds.AwsSdk;

/// <summary>
/// Turns the core's typed errors into the library's one exception type, with the text the CLI prints (minus its
/// <c>certcreds: </c> prefix): one line, URL passwords masked, as the CLI's error reporter does.
/// </summary>
internal static partial class CredentialsErrors
{
    public static CertificateCredentialsException From(CertCredsException error)
    {
        var status = error switch
        {
            RejectedException rejected => rejected.Status,
            TransientException transient => transient.Status,
            _ => (int?)null,
        };
        return new CertificateCredentialsException(Clean(error.Message), Clean(error.Hint), status, error is TransientException, error.InnerException);
    }

    public static string Line(CertCredsException error) => $"{Clean(error.Message)} — {Clean(error.Hint)}";

    private static string Clean(string text) => UserInfo().Replace(text, "://***@").ReplaceLineEndings(" ");

    [GeneratedRegex(@"://[^/\s@]+@")]
    private static partial Regex UserInfo();
}
