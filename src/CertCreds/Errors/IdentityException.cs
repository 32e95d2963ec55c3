namespace CertCreds.Errors;

/// <summary>Raised when the local certificate, key or password cannot be used.</summary>
public sealed class IdentityException(string message, string hint, Exception? inner = null)
    : CertCredsException(message, hint, inner)
{
    public override int ExitCode => ExitCodes.Identity;
}
