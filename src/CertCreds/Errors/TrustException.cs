namespace CertCreds.Errors;

/// <summary>Raised when the TLS connection to the endpoint could not be established or trusted.</summary>
public sealed class TrustException(string message, string hint, Exception? inner = null)
    : CertCredsException(message, hint, inner)
{
    public override int ExitCode => ExitCodes.Trust;
}
