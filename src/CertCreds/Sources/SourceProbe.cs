using CertCreds.Providers;

namespace CertCreds.Sources;

/// <summary>One request sent by <see cref="ICredentialSource.ProbeAsync"/>, as it went.</summary>
/// <param name="Request">Method and path, for messages (<c>GET /role-aliases/NAME/credentials</c>).</param>
/// <param name="Status">The HTTP status, or null when no answer came (then <paramref name="Failure"/> says why).</param>
/// <param name="ServerDate">The answer's Date header, for the clock check.</param>
/// <param name="RequestId">The service's request id, when it sent one.</param>
/// <param name="Outcome">Success or a retryable failure, when the answer was read and understood.</param>
/// <param name="Failure">
/// Why there is no <paramref name="Outcome"/>: the send failed (<see cref="HttpRequestException"/>, a timeout), the
/// body broke off, or the answer is a rejection or nonsense (<see cref="Errors.CertCredsException"/>).
/// </param>
public sealed record SourceProbe(string Request, int? Status, DateTimeOffset? ServerDate, string? RequestId, AttemptOutcome? Outcome, Exception? Failure);
