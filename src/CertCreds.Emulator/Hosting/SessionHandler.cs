using System.Globalization;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using CertCreds.Emulator.Credentials;
using CertCreds.Emulator.Decisions;
using CertCreds.Emulator.Faults;
using CertCreds.Emulator.Json;
using CertCreds.Emulator.Logging;
using CertCreds.Emulator.Registry;
using CertCreds.Emulator.RolesAnywhere;
using CertCreds.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CertCreds.Emulator.Hosting;

/// <summary>
/// The Roles Anywhere listener's handler: reads the request exactly as sent (raw target, every header, the body),
/// takes the next Roles Anywhere fault, decides, obtains credentials (locally or by sts:AssumeRole), renders and logs.
/// </summary>
internal sealed class SessionHandler(EmulatorRegistry registry, ICredentialSource credentials, EmulatorJournal journal, TimeProvider time, CancellationToken stopping)
{
    /// <summary>CreateSession bodies are tiny; anything bigger is refused before it is read.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly SessionWireJsonContext Wire = new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString();
        var document = registry.Current;
        var fault = registry.RolesAnywhereFaults.TryDequeue();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var cancellationToken = linked.Token;
        var request = await ReadRequestAsync(context, cancellationToken);
        if (request is null)
        {
            var tooBig = Render(SessionDecision.Error(413, RolesAnywhereMessages.Validation, "Request body too large"), null, document.Settings, requestId, fault: null);
            Log(null, requestId, 413, RolesAnywhereMessages.Validation, "request body too large", null, method: context.Request.Method, path: context.Request.Path.Value ?? "");
            await RequestHandler.WriteAsync(context, tooBig, null, cancellationToken);
            return;
        }

        if (fault?.Kind == FaultKind.Hang)
        {
            Log(request, requestId, 0, null, "hang: no answer", fault);
            await RequestHandler.WaitAsync(Timeout.InfiniteTimeSpan, cancellationToken);
            context.Abort();
            return;
        }

        if (fault?.Kind == FaultKind.Delay && !await RequestHandler.WaitAsync(TimeSpan.FromMilliseconds(fault.DelayMilliseconds ?? 1000), cancellationToken))
        {
            Log(request, requestId, 0, null, "delay: client went away", fault);
            context.Abort();
            return;
        }

        var now = time.GetUtcNow();
        ProviderResponse response;
        if (fault?.Kind is FaultKind.Status or FaultKind.Throttle)
        {
            var throttle = fault.Kind == FaultKind.Throttle;
            var status = throttle ? 429 : fault.Status ?? 503;
            var errorType = fault.ErrorType ?? (throttle ? document.Settings.ThrottlingErrorType : null);
            var message = fault.Message ?? (throttle ? document.Settings.ThrottlingMessage : "Service Unavailable");
            response = new ProviderResponse(status, Headers(document.Settings, requestId, now, errorType, fault, throttle ? fault.RetryAfter : null), Error(message));
            Log(request, requestId, status, errorType, message, fault);
        }
        else
        {
            var decision = SessionDecisionEngine.Decide(request, document, now);
            IssuedCredentials? issued = null;
            if (decision.Grant is { } grant)
            {
                issued = await credentials.IssueAsync(
                    new CredentialGrant(grant.SerialHex, "", grant.RoleArn, grant.DurationSeconds, null, grant.RoleSessionName), now, cancellationToken);
                if (issued is null)
                {
                    decision = SessionDecision.Error(403, RolesAnywhereMessages.AccessDenied, RolesAnywhereMessages.UnableToAssumeRole, grant.SerialHex);
                }
                else
                {
                    journal.Record(new IssuanceLogEntry(
                        now, requestId, grant.SerialHex, "", grant.RoleArn, issued.AccessKeyId,
                        issued.Expiration.UtcDateTime.ToString(IotProtocol.ExpirationFormat, CultureInfo.InvariantCulture), issued.Source, grant.ProfileArn));
                }
            }

            response = Render(decision, issued, document.Settings, requestId, fault, now);
            Log(request, requestId, response.Status, decision.ErrorType, decision.Message, fault, decision.SerialHex);
        }

        await RequestHandler.WriteAsync(context, response, fault?.Kind, cancellationToken);
    }

    private ProviderResponse Render(SessionDecision decision, IssuedCredentials? issued, EmulatorSettings settings, string requestId, FaultSpec? fault, DateTimeOffset? at = null)
    {
        var now = at ?? time.GetUtcNow();
        byte[] body;
        if (decision.Grant is { } grant && issued is not null)
        {
            var roleName = grant.RoleArn[(grant.RoleArn.LastIndexOf('/') + 1)..];
            var roleId = "AROA" + Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(grant.RoleArn)))[..17];
            var subjectId = new Guid(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(grant.TrustAnchorArn + "/" + grant.SerialHex))[..16]);
            var item = new CredentialSetItem(
                new AssumedRoleUser($"arn:aws:sts::{settings.AccountId}:assumed-role/{roleName}/{grant.RoleSessionName}", $"{roleId}:{grant.RoleSessionName}"),
                new SessionCredentials(issued.AccessKeyId, issued.Expiration.UtcDateTime.ToString(IotProtocol.ExpirationFormat, CultureInfo.InvariantCulture), issued.SecretAccessKey, issued.SessionToken),
                0,
                grant.RoleArn,
                grant.Subject);
            body = JsonSerializer.SerializeToUtf8Bytes(new CreateSessionResponse([item], $"arn:aws:rolesanywhere:{settings.Region}:{settings.AccountId}:subject/{subjectId}"), Wire.CreateSessionResponse);
        }
        else
        {
            body = Error(decision.Message ?? "");
        }

        if (fault?.Kind == FaultKind.MalformedJson)
        {
            body = body[..(body.Length / 2)];
        }

        return new ProviderResponse(decision.Status, Headers(settings, requestId, now, decision.IsSuccess ? null : decision.ErrorType, fault, null), body);
    }

    private static byte[] Error(string message) => JsonSerializer.SerializeToUtf8Bytes(new SessionError(message), Wire.SessionError);

    private static List<KeyValuePair<string, string>> Headers(EmulatorSettings settings, string requestId, DateTimeOffset now, string? errorType, FaultSpec? fault, string? retryAfter)
    {
        var headers = new List<KeyValuePair<string, string>> { new(IotProtocol.RequestIdHeader, requestId) };
        if (fault?.Kind != FaultKind.MissingDate)
        {
            headers.Add(new("Date", ResponseRenderer.FormatDate(fault?.Kind == FaultKind.SkewedDate ? now.AddSeconds(fault.SkewSeconds ?? 3600) : now)));
        }

        headers.Add(new("Content-Type", settings.ContentType));
        if (!string.IsNullOrEmpty(errorType))
        {
            headers.Add(new(IotProtocol.ErrorTypeHeader, errorType));
        }

        if (retryAfter is not null)
        {
            headers.Add(new("Retry-After", retryAfter));
        }

        return headers;
    }

    /// <summary>The request as sent; null when the body exceeds <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<SessionRequest?> ReadRequestAsync(HttpContext context, CancellationToken cancellationToken)
    {
        // The raw target, not the decoded Path: the signature covers the path and query exactly as the client encoded them.
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (context.Request.Path.Value + context.Request.QueryString.Value);
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? "" : target[(question + 1)..];
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in context.Request.Headers)
        {
            foreach (var value in values)
            {
                headers.Add(new(name, value ?? ""));
            }
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var body = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > MaxBodyBytes)
            {
                return null;
            }

            body.Write(buffer, 0, read);
        }

        return new SessionRequest(context.Request.Method, path, query, headers, body.ToArray());
    }

    private void Log(SessionRequest? request, string requestId, int status, string? errorType, string? message, FaultSpec? fault, string? serialHex = null, string? method = null, string? path = null)
    {
        var query = request is null ? new Dictionary<string, string>() : Query(request.RawQuery);
        journal.Record(new SessionLogEntry(
            time.GetUtcNow(), requestId, serialHex, request?.Method ?? method ?? "", request?.RawPath ?? path ?? "",
            query.GetValueOrDefault("trustAnchorArn"), query.GetValueOrDefault("profileArn"), query.GetValueOrDefault("roleArn"),
            status, errorType, message, fault?.Kind.ToString()));
    }

    private static Dictionary<string, string> Query(string rawQuery)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                parameters.TryAdd(Uri.UnescapeDataString(item[..equals]), Uri.UnescapeDataString(item[(equals + 1)..]));
            }
        }

        return parameters;
    }
}
