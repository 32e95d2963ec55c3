namespace CertCreds.Errors;

/// <summary>Raised when the endpoint answered with something that is not valid credentials.</summary>
public sealed class InvalidResponseException(string message, string hint, Exception? inner = null)
    : CertCredsException(message, hint, inner)
{
    public override int ExitCode => ExitCodes.InvalidResponse;
}
