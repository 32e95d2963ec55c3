using CertCreds.Credentials;

namespace CertCreds.Providers;

/// <summary>What one request to the endpoint came to: credentials, or a failure worth another try.</summary>
public abstract record AttemptOutcome
{
    private AttemptOutcome()
    {
    }

    public sealed record Success(TemporaryCredentials Credentials, string? RequestId) : AttemptOutcome
    {
        public override string ToString() => $"Success {{ {Credentials}, RequestId = {RequestId} }}";
    }

    /// <param name="Reason">Human description, e.g. "503 Service Unavailable (request id …)".</param>
    /// <param name="Status">HTTP status, null for transport failures.</param>
    /// <param name="RetryAfter">The server's Retry-After, if it sent one.</param>
    public sealed record Retryable(string Reason, int? Status, TimeSpan? RetryAfter) : AttemptOutcome;
}
