namespace CertCreds.Emulator.RolesAnywhere;

/// <summary>
/// The outcome of CreateSession's checks: a grant (201), or the status, <c>x-amzn-ErrorType</c> and message of the
/// refusal. <see cref="SerialHex"/> names the signing certificate whenever its signature checked out, for the log.
/// </summary>
public sealed record SessionDecision(int Status, string? ErrorType, string? Message, SessionGrant? Grant, string? SerialHex = null)
{
    public bool IsSuccess => Grant is not null;

    public static SessionDecision Success(SessionGrant grant) => new(201, null, null, grant, grant.SerialHex);

    public static SessionDecision Error(int status, string errorType, string message, string? serialHex = null) => new(status, errorType, message, null, serialHex);
}
