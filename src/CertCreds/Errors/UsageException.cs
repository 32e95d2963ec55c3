namespace CertCreds.Errors;

/// <summary>Raised when the command line or configuration is wrong.</summary>
public sealed class UsageException(string message, string hint, Exception? inner = null)
    : CertCredsException(message, hint, inner)
{
    public override int ExitCode => ExitCodes.Usage;
}
