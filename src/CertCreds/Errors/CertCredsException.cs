namespace CertCreds.Errors;

/// <summary>
/// Base of every error certcreds reports to a user. <see cref="Exception.Message"/> says what went wrong,
/// <see cref="Hint"/> says how to fix it; neither ever contains a secret. The CLI turns it into one line:
/// <c>certcreds: {Message} — {Hint}</c>.
/// </summary>
public abstract class CertCredsException : Exception
{
    protected CertCredsException(string message, string hint, Exception? inner = null)
        : base(message, inner)
    {
        Hint = hint;
    }

    public string Hint { get; }

    public abstract int ExitCode { get; }
}
