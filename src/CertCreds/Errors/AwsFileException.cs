namespace CertCreds.Errors;

/// <summary>Raised when an AWS config or credentials file cannot be edited safely (already broken, ambiguous, a trap, or locked).</summary>
public sealed class AwsFileException(string message, string hint, Exception? inner = null)
    : CertCredsException(message, hint, inner)
{
    public override int ExitCode => ExitCodes.Usage;
}
