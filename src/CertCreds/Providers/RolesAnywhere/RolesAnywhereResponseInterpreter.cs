using System.Globalization;
using System.Text;
using System.Text.Json;
using CertCreds.Credentials;
using CertCreds.Errors;
using CertCreds.Protocol;

namespace CertCreds.Providers.RolesAnywhere;

/// <summary>
/// Decides what an answer to CreateSession means. Pure: the answer and what was asked in; credentials, a retryable
/// failure, or a typed exception out. A 201 is parsed strictly (JSON media type, <c>credentialSet[0].credentials</c>
/// with four non-empty fields and a plausible expiration); every known rejection becomes a
/// <see cref="RejectedException"/> (exit code 5) whose hint names the fix. Server text reaching a message is
/// shortened and escaped; the body of a success is never quoted (it holds the secret).
/// </summary>
public static class RolesAnywhereResponseInterpreter
{
    /// <summary>Longer than the longest session the service grants (12 hours) plus the clock skew SigV4 allows and a margin.</summary>
    public static readonly TimeSpan MaxPlausibleLifetime = TimeSpan.FromSeconds(RolesAnywhereProtocol.MaxDurationSeconds) + TimeSpan.FromMinutes(15);

    private const string BrokenAnswerHint =
        "this is not how IAM Roles Anywhere answers CreateSession: check --endpoint (rolesanywhere.REGION.amazonaws.com or a VPC endpoint for it) and any proxy in between";

    /// <param name="answer">The HTTP answer.</param>
    /// <param name="request">What was asked, for hints.</param>
    /// <param name="signer">What signed the request, for hints: the leaf's issuer and how many intermediates were sent.</param>
    /// <param name="now">The device's current time.</param>
    public static AttemptOutcome Interpret(ProviderAnswer answer, RolesAnywhereRequest request, SignerFacts signer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(signer);
        var requestId = ResponseInterpreter.Sanitize(answer.RequestId);
        if (answer.Status is 200 or RolesAnywhereProtocol.CreatedStatus)
        {
            return new AttemptOutcome.Success(ParseCredentials(answer.Status, answer.MediaType, answer.Body.Span, requestId, now), requestId);
        }

        var error = ReadError(answer.Body.Span);
        var type = ErrorType(answer.ErrorType ?? error?.Type);
        var message = ResponseInterpreter.Sanitize(error?.Message ?? error?.CapitalMessage);
        var reason = Describe(answer.Status, type, message, requestId);
        if (answer.Status is 429 or 408 || answer.Status >= 500 || type == RolesAnywhereProtocol.ThrottlingType)
        {
            return new AttemptOutcome.Retryable(reason, answer.Status, answer.RetryAfter);
        }

        throw new RejectedException(
            $"the endpoint {request.Endpoint} refused CreateSession: {reason}",
            HintFor(answer.Status, type, message, request, signer, answer.ServerDate, now),
            answer.Status,
            message,
            requestId);
    }

    /// <summary>The likely fix for each rejection the service is known to give.</summary>
    public static string HintFor(int status, string? type, string? message, RolesAnywhereRequest request, SignerFacts signer, DateTimeOffset? serverDate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(signer);
        var words = message?.ToLowerInvariant() ?? string.Empty;
        var region = request.Region;

        // The server's Date is the one outside view of this clock: a skew past SigV4's limit explains any refusal.
        if (serverDate is { } server && (server - now).Duration() > RolesAnywhereProtocol.MaxClockSkew)
        {
            var minutes = (int)Math.Round((server - now).Duration().TotalMinutes);
            var direction = now > server ? "ahead of" : "behind";
            return $"this device's clock is about {minutes} minutes {direction} the server's, and SigV4 refuses requests more than 5 minutes off: sync the clock (timedatectl, chrony or ntpd) and try again";
        }

        if (words.Contains("untrusted", StringComparison.Ordinal) || (words.Contains("trust", StringComparison.Ordinal) && words.Contains("chain", StringComparison.Ordinal)))
        {
            var chain = signer.IntermediateCount == 0
                ? "; if an intermediate CA sits between them, pass it with --intermediates"
                : $" (or a CA above the {signer.IntermediateCount} intermediate(s) sent)";
            return $"the trust anchor {request.TrustAnchorArn.ResourceId} must hold the CA that issued this certificate, '{TerminalText.Escape(signer.LeafIssuer)}'{chain}: compare with 'aws rolesanywhere get-trust-anchor --trust-anchor-id {request.TrustAnchorArn.ResourceId} --region {region}'";
        }

        if (words.Contains("certificate", StringComparison.Ordinal) && (words.Contains("expired", StringComparison.Ordinal) || words.Contains("not yet valid", StringComparison.Ordinal)))
        {
            return "the certificate is outside its validity period: renew it, or check this device's clock (timedatectl)";
        }

        if (words.Contains("skew", StringComparison.Ordinal) || words.Contains("expired", StringComparison.Ordinal) || words.Contains("date", StringComparison.Ordinal) || words.Contains("request time", StringComparison.Ordinal))
        {
            return "the request's date is too far from the service's clock (SigV4 allows 5 minutes): sync this device's clock (timedatectl, chrony or ntpd) and try again";
        }

        if (words.Contains("signature", StringComparison.Ordinal))
        {
            return "the signature did not verify: check that this device's clock is right (within 5 minutes), that --private-key is the key of --certificate, and that no proxy rewrites or strips request headers (HTTPS_PROXY must tunnel with CONNECT)";
        }

        if (words.Contains("disabled", StringComparison.Ordinal))
        {
            return words.Contains("trust anchor", StringComparison.Ordinal) || words.Contains("trustanchor", StringComparison.Ordinal)
                ? $"enable the trust anchor: aws rolesanywhere enable-trust-anchor --trust-anchor-id {request.TrustAnchorArn.ResourceId} --region {region}"
                : $"enable the profile: aws rolesanywhere enable-profile --profile-id {request.ProfileArn.ResourceId} --region {region}";
        }

        if (words.Contains("duration", StringComparison.Ordinal))
        {
            return $"--session-duration {request.DurationSeconds} is above what the profile (durationSeconds) or the role (MaxSessionDuration) allows: pass a lower --session-duration, or raise the limits (aws rolesanywhere update-profile, aws iam update-role)";
        }

        if (words.Contains("profile", StringComparison.Ordinal) && words.Contains("role", StringComparison.Ordinal))
        {
            return $"the profile {request.ProfileArn.ResourceId} does not list the role {request.RoleArn.ResourceId}: add it to the profile's roles (aws rolesanywhere update-profile --profile-id {request.ProfileArn.ResourceId} --role-arns …) or pass a --role-arn the profile lists";
        }

        if (words.Contains("assume", StringComparison.Ordinal) || words.Contains("not authorized", StringComparison.Ordinal) || (words.Contains("role", StringComparison.Ordinal) && words.Contains("trust", StringComparison.Ordinal)))
        {
            return RoleTrustHint(request);
        }

        if (status == 404 || type == RolesAnywhereProtocol.ResourceNotFoundType)
        {
            if (type is null && message is null)
            {
                return "the host did not answer as IAM Roles Anywhere does: check --endpoint (rolesanywhere.REGION.amazonaws.com)";
            }

            if (words.Contains("trust anchor", StringComparison.Ordinal) || words.Contains("trustanchor", StringComparison.Ordinal) || words.Contains("trust-anchor", StringComparison.Ordinal))
            {
                return $"no trust anchor {request.TrustAnchorArn} exists: check --trust-anchor-arn (aws rolesanywhere list-trust-anchors --region {region})";
            }

            if (words.Contains("profile", StringComparison.Ordinal))
            {
                return $"no profile {request.ProfileArn} exists: check --profile-arn (aws rolesanywhere list-profiles --region {region})";
            }

            if (words.Contains("role", StringComparison.Ordinal))
            {
                return $"no role {request.RoleArn} exists: check --role-arn (aws iam get-role --role-name {RoleName(request)})";
            }

            return $"check --trust-anchor-arn, --profile-arn and --role-arn: each must exist in account {request.ProfileArn.Account}, region {region}";
        }

        if (status == 400 || type == RolesAnywhereProtocol.ValidationType)
        {
            return "the service refused a parameter (its words above): check --session-duration, --role-session-name and the three ARNs; retrying will not help";
        }

        if (status is 401 or 403 || type == RolesAnywhereProtocol.AccessDeniedType)
        {
            return $"IAM Roles Anywhere refused this certificate: check that the trust anchor holds the CA that issued it ('{TerminalText.Escape(signer.LeafIssuer)}'), that the trust anchor and profile are enabled, that the profile lists --role-arn, and that the role trusts {RolesAnywhereProtocol.ServicePrincipal}";
        }

        return "check --endpoint and the three ARNs; retrying will not help";
    }

    /// <summary>Parses a 200/201 body strictly. Never quotes the body: it holds the secret.</summary>
    public static TemporaryCredentials ParseCredentials(int status, string? mediaType, ReadOnlySpan<byte> body, string? requestId, DateTimeOffset now)
    {
        var context = requestId is null ? string.Empty : $" (request id {requestId})";
        var shownStatus = status.ToString(CultureInfo.InvariantCulture);
        if (mediaType is null || !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidResponseException(
                $"the endpoint answered {shownStatus} with {(mediaType is null ? "no content type" : $"content type '{ResponseInterpreter.Sanitize(mediaType)}'")}, not JSON{context}",
                BrokenAnswerHint);
        }

        CreateSessionResult? document;
        try
        {
            document = JsonSerializer.Deserialize(body, RolesAnywhereJsonContext.Default.CreateSessionResult);
        }
        catch (JsonException)
        {
            // The exception text can quote the body, which holds the secret: never pass it on.
            throw new InvalidResponseException($"the endpoint answered {shownStatus} with a body that is not CreateSession's JSON{context}", BrokenAnswerHint);
        }

        if (document?.CredentialSet is not { Count: > 0 } set)
        {
            throw new InvalidResponseException($"the endpoint answered {shownStatus} without a non-empty \"credentialSet\"{context}", BrokenAnswerHint);
        }

        var credentials = set[0]?.Credentials
            ?? throw new InvalidResponseException($"the endpoint answered {shownStatus} without credentialSet[0].credentials{context}", BrokenAnswerHint);
        var accessKeyId = Require(credentials.AccessKeyId, "accessKeyId", shownStatus, context);
        var secret = Require(credentials.SecretAccessKey, "secretAccessKey", shownStatus, context);
        var token = Require(credentials.SessionToken, "sessionToken", shownStatus, context);
        var expirationText = Require(credentials.Expiration, "expiration", shownStatus, context);
        if (!ResponseInterpreter.TryParseExpiration(expirationText, out var expiration))
        {
            throw new InvalidResponseException(
                $"the endpoint answered with an expiration that is not an ISO 8601 UTC time: '{ResponseInterpreter.Sanitize(expirationText)}'{context}",
                BrokenAnswerHint);
        }

        if (expiration <= now)
        {
            throw new InvalidResponseException(
                $"the endpoint issued credentials that expire at {Show(expiration)}, which is already past by this device's clock ({Show(now)}){context}",
                "this device's clock is probably wrong: check it (timedatectl, chrony or ntpd) and try again");
        }

        if (expiration - now > MaxPlausibleLifetime)
        {
            // Such credentials would sit in the cache long after the real ones expire.
            throw new InvalidResponseException(
                $"the endpoint issued credentials that expire at {Show(expiration)}, more than 12 hours from now ({Show(now)}){context}",
                "IAM Roles Anywhere sessions last at most 12 hours: check --endpoint and this device's clock");
        }

        return new TemporaryCredentials(accessKeyId, secret, token, expiration);
    }

    /// <summary>The bare error type: <c>x-amzn-ErrorType</c> may carry <c>:URL</c> after it, <c>__type</c> a <c>namespace#</c> before it.</summary>
    public static string? ErrorType(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var type = raw;
        var colon = type.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            type = type[..colon];
        }

        var hash = type.LastIndexOf('#');
        if (hash >= 0)
        {
            type = type[(hash + 1)..];
        }

        type = type.Trim();
        return type.Length == 0 ? null : ResponseInterpreter.Sanitize(type);
    }

    private static RolesAnywhereError? ReadError(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, RolesAnywhereJsonContext.Default.RolesAnywhereError);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Describe(int status, string? type, string? message, string? requestId)
    {
        var builder = new StringBuilder();
        builder.Append(status.ToString(CultureInfo.InvariantCulture));
        if (type is not null)
        {
            builder.Append(' ').Append(type);
        }

        if (message is not null)
        {
            builder.Append(" \"").Append(message).Append('"');
        }

        if (requestId is not null)
        {
            builder.Append(" (request id ").Append(requestId).Append(')');
        }

        return builder.ToString();
    }

    private static string RoleTrustHint(RolesAnywhereRequest request) =>
        $"the role {RoleName(request)} must trust {RolesAnywhereProtocol.ServicePrincipal} for sts:AssumeRole, sts:TagSession and sts:SetSourceIdentity, with any conditions matching this certificate (aws iam get-role --role-name {RoleName(request)}), and the profile must list it";

    private static string RoleName(RolesAnywhereRequest request)
    {
        var id = request.RoleArn.ResourceId;
        return id[(id.LastIndexOf('/') + 1)..];
    }

    private static string Require(string? value, string field, string status, string context) =>
        ResponseInterpreter.RequireCredentialField(value, "credentialSet[0].credentials." + field, status, context, BrokenAnswerHint);

    private static string Show(DateTimeOffset time) => time.UtcDateTime.ToString(IotProtocol.ExpirationFormat, CultureInfo.InvariantCulture);
}
