namespace CertCreds.Errors;

/// <summary>
/// Raised when every attempt failed with a failure that might pass (429, 5xx, network, timeout) and the
/// deadline ran out. <see cref="Status"/> is the last HTTP status seen, if any.
/// </summary>
public sealed class TransientException(string message, string hint, int? status = null, Exception? inner = null)
    : CertCredsException(message, hint, inner)
{
    public override int ExitCode => ExitCodes.Transient;

    public int? Status { get; } = status;

    /// <summary>The server's Retry-After on the last answer, if it sent one: a background refresher waits at least that long.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
