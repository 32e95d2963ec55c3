namespace CertCreds.Errors;

/// <summary>Raised when <c>certcreds exec</c> cannot start the command it was given.</summary>
public sealed class ChildProcessException(string message, string hint, Exception? inner = null)
    : CertCredsException(message, hint, inner)
{
    public override int ExitCode => ExitCodes.ChildFailedToStart;
}
