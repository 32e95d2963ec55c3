namespace CertCreds.Providers;

/// <summary>
/// One HTTP answer from a credentials endpoint, reduced to what the interpreters look at. The body is at most
/// <see cref="ResponseInterpreter.MaxBodyBytes"/> (an error answer over the limit arrives empty).
/// </summary>
/// <param name="Status">HTTP status code.</param>
/// <param name="RequestId">The <c>x-amzn-RequestId</c> header, unsanitised.</param>
/// <param name="RetryAfter">The parsed <c>Retry-After</c> header, if any.</param>
/// <param name="MediaType">The body's media type without parameters (<c>application/json</c>), if any.</param>
/// <param name="ErrorType">The <c>x-amzn-ErrorType</c> header, unsanitised, if any.</param>
/// <param name="ServerDate">The server's <c>Date</c> header, if any: the only outside view of this device's clock.</param>
/// <param name="Body">The body bytes.</param>
public sealed record ProviderAnswer(int Status, string? RequestId, TimeSpan? RetryAfter, string? MediaType, string? ErrorType, DateTimeOffset? ServerDate, ReadOnlyMemory<byte> Body);
