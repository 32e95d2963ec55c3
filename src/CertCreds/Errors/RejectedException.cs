namespace CertCreds.Errors;

/// <summary>
/// Raised when the endpoint answered with a status that retrying cannot change (400, 403, 404, …).
/// Carries the server's own words so scripts and <c>doctor</c> can tell the causes apart.
/// </summary>
public sealed class RejectedException(string message, string hint, int status, string? serverMessage, string? requestId)
    : CertCredsException(message, hint)
{
    public override int ExitCode => ExitCodes.Rejected;

    public int Status { get; } = status;

    public string? ServerMessage { get; } = serverMessage;

    public string? RequestId { get; } = requestId;
}
