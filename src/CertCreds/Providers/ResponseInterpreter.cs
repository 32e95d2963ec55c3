using System.Globalization;
using System.Text;
using System.Text.Json;
using CertCreds.Credentials;
using CertCreds.Errors;
using CertCreds.Protocol;

namespace CertCreds.Providers;

/// <summary>
/// Decides what an HTTP answer from the credentials provider means. Pure: status, headers and body in;
/// credentials, a retryable failure, or a typed exception out. Every server-supplied string that reaches a
/// message is shortened and stripped of control characters, so a hostile server cannot forge output lines.
/// </summary>
public static class ResponseInterpreter
{
    /// <summary>A real answer is about 1.1 KB; anything far larger is not a credentials answer.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private const int MaxShownMessage = 200;

    /// <param name="status">HTTP status code.</param>
    /// <param name="requestId">The <c>x-amzn-RequestId</c> header, if any.</param>
    /// <param name="retryAfter">The parsed <c>Retry-After</c> header, if any.</param>
    /// <param name="body">The body, at most <see cref="MaxBodyBytes"/>.</param>
    /// <param name="request">What was asked, for hints.</param>
    /// <param name="now">The device's current time.</param>
    public static AttemptOutcome Interpret(int status, string? requestId, TimeSpan? retryAfter, ReadOnlySpan<byte> body, IotCredentialsRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        requestId = Sanitize(requestId);
        if (status == 200)
        {
            return new AttemptOutcome.Success(ParseCredentials(body, requestId, now), requestId);
        }

        var serverMessage = ReadErrorMessage(body);
        var reason = Describe(status, serverMessage, requestId);
        if (status is 429 or 408 || status >= 500)
        {
            return new AttemptOutcome.Retryable(reason, status, retryAfter);
        }

        throw new RejectedException($"the endpoint {request.Endpoint} refused the request: {reason}", HintFor(status, serverMessage, request), status, serverMessage, requestId);
    }

    /// <summary>Parses a 200 body strictly: the four fields, non-empty, and an expiration with a time zone that is still ahead.</summary>
    public static TemporaryCredentials ParseCredentials(ReadOnlySpan<byte> body, string? requestId, DateTimeOffset now)
    {
        var context = requestId is null ? string.Empty : $" (request id {requestId})";
        ProviderSuccess? document;
        try
        {
            document = JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.ProviderSuccess);
        }
        catch (JsonException)
        {
            // The exception text can quote the body, which holds the secret: never pass it on.
            throw new InvalidResponseException($"the endpoint answered 200 with a body that is not JSON{context}", BrokenAnswerHint);
        }

        var credentials = document?.Credentials
            ?? throw new InvalidResponseException($"the endpoint answered 200 without a \"credentials\" object{context}", BrokenAnswerHint);
        var accessKeyId = Require(credentials.AccessKeyId, "accessKeyId", context);
        var secret = Require(credentials.SecretAccessKey, "secretAccessKey", context);
        var token = Require(credentials.SessionToken, "sessionToken", context);
        var expirationText = Require(credentials.Expiration, "expiration", context);
        var expiration = ParseExpiration(expirationText, context);
        if (expiration <= now)
        {
            throw new InvalidResponseException(
                $"the endpoint issued credentials that expire at {OutputTime(expiration)}, which is already past by this device's clock ({OutputTime(now)}){context}",
                "this device's clock is probably wrong: check it (timedatectl, chrony or ntpd) and try again");
        }

        return new TemporaryCredentials(accessKeyId, secret, token, expiration);
    }

    /// <summary>ISO 8601 with <c>Z</c> or an offset, whole or fractional seconds. A time with no zone is refused: it would be read as local time.</summary>
    public static DateTimeOffset ParseExpiration(string text, string context = "")
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TryParseExpiration(text, out var parsed))
        {
            return parsed;
        }

        throw new InvalidResponseException($"the endpoint answered with an expiration that is not an ISO 8601 UTC time: '{Sanitize(text)}'{context}", BrokenAnswerHint);
    }

    /// <summary>The rules of <see cref="ParseExpiration"/> without the exception, for sources with their own words.</summary>
    public static bool TryParseExpiration(string text, out DateTimeOffset expiration)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hasZone = text.EndsWith('Z') || text.EndsWith('z') || HasOffset(text);
        if (hasZone && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed)
            && text.Contains('T', StringComparison.OrdinalIgnoreCase))
        {
            expiration = parsed.ToUniversalTime();
            return true;
        }

        expiration = default;
        return false;
    }

    private static bool HasOffset(string text)
    {
        // ...THH:mm:ss+hh:mm or -hh:mm: the sign sits six characters from the end.
        return text.Length > 6 && (text[^6] == '+' || text[^6] == '-') && text[^3] == ':';
    }

    private const string BrokenAnswerHint =
        "this is not how the AWS IoT credentials provider answers: check --endpoint (it must be the iot:CredentialProvider endpoint) and any proxy in between";

    private static string Require(string? value, string field, string context) =>
        RequireCredentialField(value, "credentials." + field, "200", context, BrokenAnswerHint);

    /// <summary>
    /// One field of an answer's credentials: present, non-empty, and free of whitespace and control characters (which
    /// no AWS key, secret or token holds, and which would break the credential_process JSON or a header). Shared by
    /// every source; the value is never quoted, as it may be the secret.
    /// </summary>
    internal static string RequireCredentialField(string? value, string fieldPath, string status, string context, string hint)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new InvalidResponseException($"the endpoint answered {status} but {fieldPath} is missing or empty{context}", hint);
        }

        foreach (var c in value)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                throw new InvalidResponseException($"the endpoint answered {status} but {fieldPath} contains whitespace or control characters{context}", hint);
            }
        }

        return value;
    }

    private static string? ReadErrorMessage(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            return Sanitize(JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.ProviderError)?.Message);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Describe(int status, string? serverMessage, string? requestId)
    {
        var builder = new StringBuilder();
        builder.Append(status.ToString(CultureInfo.InvariantCulture));
        if (serverMessage is not null)
        {
            builder.Append(" \"").Append(serverMessage).Append('"');
        }

        if (requestId is not null)
        {
            builder.Append(" (request id ").Append(requestId).Append(')');
        }

        return builder.ToString();
    }

    /// <summary>The likely fix for each rejection the service is known to give (docs/spec/iot-credentials-provider.md).</summary>
    public static string HintFor(int status, string? serverMessage, IotCredentialsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (status, serverMessage) switch
        {
            (403, IotProtocol.CertificateInvalidMessage) =>
                "the certificate is not registered and ACTIVE in this account and region, or the endpoint is not this account's credentials endpoint (aws iot describe-endpoint --endpoint-type iot:CredentialProvider); a proxy that ends TLS or drops SNI causes this too",
            (403, IotProtocol.InvalidThingMessage) =>
                $"the thing '{request.ThingName}' does not exist or is not attached to this certificate: check --thing-name, or attach it (aws iot attach-thing-principal)",
            (403, IotProtocol.AccessDeniedMessage) =>
                $"the IoT policy attached to this certificate must allow iot:AssumeRoleWithCertificate on the role alias ARN (…:rolealias/{request.RoleAlias})",
            (404, IotProtocol.AliasMissingMessage) =>
                $"no role alias '{request.RoleAlias}' exists in this account and region: check --role-alias (case-sensitive) and that the endpoint is in the alias's region",
            (404, "Not Found") =>
                request.Endpoint.LooksLikeDataEndpoint
                    ? "this is the IoT data endpoint (-ats); use the credentials endpoint from 'aws iot describe-endpoint --endpoint-type iot:CredentialProvider'"
                    : "the host is not an IoT credentials endpoint; use the one from 'aws iot describe-endpoint --endpoint-type iot:CredentialProvider'",
            (400, IotProtocol.UnableToAssumeRoleMessage) =>
                "the role alias's IAM role must exist and trust the service principal credentials.iot.amazonaws.com for sts:AssumeRole",
            (400, IotProtocol.DurationTooLongMessage) =>
                "lower the role alias's credentialDurationSeconds (aws iot update-role-alias) or raise the role's MaxSessionDuration (aws iam update-role)",
            (403, _) => "the endpoint denied access for this certificate: check that it is ACTIVE, that its policy allows iot:AssumeRoleWithCertificate, and --thing-name",
            (404, _) => "check --endpoint and --role-alias",
            _ => "check --endpoint, --role-alias and --thing-name; retrying will not help",
        };
    }

    /// <summary>Shortens a server-supplied string and removes anything that could break a one-line message.</summary>
    public static string? Sanitize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var builder = new StringBuilder(Math.Min(text.Length, MaxShownMessage));
        foreach (var c in text)
        {
            if (builder.Length >= MaxShownMessage)
            {
                builder.Append('…');
                break;
            }

            builder.Append(c);
        }

        // The server's words reach a terminal: control and bidi characters are shown escaped, never acted on.
        return TerminalText.Escape(builder.ToString());
    }

    private static string OutputTime(DateTimeOffset time) => time.UtcDateTime.ToString(IotProtocol.ExpirationFormat, CultureInfo.InvariantCulture);
}
