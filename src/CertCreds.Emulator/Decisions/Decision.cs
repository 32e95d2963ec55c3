namespace CertCreds.Emulator.Decisions;

/// <summary>
/// The outcome of the checks. Either <see cref="Grant"/> is set (200) or <see cref="Message"/> says why
/// not. <see cref="IsDataEndpointNotFound"/> marks the data endpoint's "Not Found" answer, which carries a
/// trace ID in its body.
/// </summary>
public sealed record Decision(int Status, string? Message, string? ErrorType, CredentialGrant? Grant, bool IsDataEndpointNotFound = false)
{
    public bool IsSuccess => Grant is not null;

    public static Decision Success(CredentialGrant grant) => new(200, null, null, grant);

    public static Decision Error(int status, string message, string? errorType) => new(status, message, errorType, null);
}
