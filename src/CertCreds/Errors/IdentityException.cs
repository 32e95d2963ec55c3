namespace CertCreds.Errors;

/// <summary>Raised when the local certificate, key or password cannot be used.</summary>
public sealed class IdentityException(string message, string hint, Exception? inner = null)
    : CertCredsException(message, hint, inner)
{
    public override int ExitCode => ExitCodes.Identity;

    /// <summary>True when a token refused the PIN (or has locked it): trying the same PIN again would only burn a try.</summary>
    public bool PinRejected { get; init; }
}
