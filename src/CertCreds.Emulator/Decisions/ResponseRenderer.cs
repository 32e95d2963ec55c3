using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CertCreds.Emulator.Credentials;
using CertCreds.Emulator.Faults;
using CertCreds.Emulator.Json;
using CertCreds.Emulator.Registry;
using CertCreds.Protocol;

namespace CertCreds.Emulator.Decisions;

/// <summary>
/// Turns a decision (and, on success, the credentials) into exact bytes, applying the body- and
/// header-shaping faults. Pure: request ID, trace ID and time come in as arguments.
/// </summary>
public static class ResponseRenderer
{
    public const int DefaultOversizedBytes = 100 * 1024;

    // The client's wire types, but written without escaping '+' and '/' as \u002B: AWS's bodies carry them raw.
    private static readonly ProtocolJsonContext Wire = new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    private static readonly WireJsonContext Extra = new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public static ProviderResponse Render(
        Decision decision,
        IssuedCredentials? credentials,
        EmulatorSettings settings,
        string requestId,
        string traceId,
        DateTimeOffset now,
        FaultSpec? fault = null)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(settings);
        byte[] body;
        if (decision.IsSuccess && credentials is not null)
        {
            body = SuccessBody(credentials, now, fault);
        }
        else if (decision.IsDataEndpointNotFound)
        {
            body = JsonSerializer.SerializeToUtf8Bytes(new NotFoundBody(decision.Message ?? "Not Found", traceId), Extra.NotFoundBody);
        }
        else
        {
            body = ErrorBody(decision.Message ?? "", fault);
        }

        if (fault?.Kind == FaultKind.MalformedJson)
        {
            body = body[..(body.Length / 2)];
        }

        var errorType = decision.IsSuccess ? null : decision.ErrorType;
        return new ProviderResponse(decision.Status, Headers(settings, requestId, now, errorType, fault, retryAfter: null), body);
    }

    /// <summary>The answer for a <see cref="FaultKind.Status"/> or <see cref="FaultKind.Throttle"/> fault, which replaces the decision.</summary>
    public static ProviderResponse RenderScripted(FaultSpec fault, EmulatorSettings settings, string requestId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentNullException.ThrowIfNull(settings);
        if (fault.Kind == FaultKind.Throttle)
        {
            var message = fault.Message ?? settings.ThrottlingMessage;
            return new ProviderResponse(429, Headers(settings, requestId, now, fault.ErrorType ?? settings.ThrottlingErrorType, fault, fault.RetryAfter), ErrorBody(message, null));
        }

        var status = fault.Status ?? 503;
        var text = fault.Message ?? DefaultMessage(status);
        return new ProviderResponse(status, Headers(settings, requestId, now, fault.ErrorType, fault, null), ErrorBody(text, null));
    }

    public static string FormatDate(DateTimeOffset time) => time.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);

    private static byte[] SuccessBody(IssuedCredentials credentials, DateTimeOffset now, FaultSpec? fault)
    {
        var expiration = fault?.Kind switch
        {
            FaultKind.FractionalExpiration => credentials.Expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'.'fff'Z'", CultureInfo.InvariantCulture),
            FaultKind.OffsetExpiration => OffsetExpiration(credentials.Expiration, fault.Offset ?? "+09:00"),
            FaultKind.PastExpiration => now.AddSeconds(-(fault.AgoSeconds ?? 3600)).UtcDateTime.ToString(IotProtocol.ExpirationFormat, CultureInfo.InvariantCulture),
            _ => credentials.Expiration.UtcDateTime.ToString(IotProtocol.ExpirationFormat, CultureInfo.InvariantCulture),
        };

        if (fault?.Kind == FaultKind.CapitalisedKeys)
        {
            var capitalised = new CapitalisedCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, expiration);
            return JsonSerializer.SerializeToUtf8Bytes(new CapitalisedSuccess(capitalised), Extra.CapitalisedSuccess);
        }

        var wire = new ProviderCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, expiration);
        var body = JsonSerializer.SerializeToUtf8Bytes(new ProviderSuccess(wire), Wire.ProviderSuccess);
        if (fault?.Kind == FaultKind.OversizedBody)
        {
            var padding = Math.Max(0, (fault.SizeBytes ?? DefaultOversizedBytes) - body.Length);
            wire = wire with { SessionToken = credentials.SessionToken + new string('A', padding) };
            body = JsonSerializer.SerializeToUtf8Bytes(new ProviderSuccess(wire), Wire.ProviderSuccess);
        }

        return body;
    }

    private static byte[] ErrorBody(string message, FaultSpec? fault)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new ProviderError(message), Wire.ProviderError);
        if (fault?.Kind == FaultKind.OversizedBody)
        {
            var padding = Math.Max(0, (fault.SizeBytes ?? DefaultOversizedBytes) - body.Length);
            body = JsonSerializer.SerializeToUtf8Bytes(new ProviderError(message + new string(' ', padding)), Wire.ProviderError);
        }

        return body;
    }

    private static string OffsetExpiration(DateTimeOffset expiration, string offset)
    {
        var span = TimeSpan.ParseExact(offset.TrimStart('+', '-'), @"hh\:mm", CultureInfo.InvariantCulture);
        if (offset.StartsWith('-'))
        {
            span = -span;
        }

        return expiration.ToOffset(span).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }

    private static List<KeyValuePair<string, string>> Headers(EmulatorSettings settings, string requestId, DateTimeOffset now, string? errorType, FaultSpec? fault, string? retryAfter)
    {
        var headers = new List<KeyValuePair<string, string>> { new(IotProtocol.RequestIdHeader, requestId) };
        if (fault?.Kind != FaultKind.MissingDate)
        {
            var date = fault?.Kind == FaultKind.SkewedDate ? now.AddSeconds(fault.SkewSeconds ?? 3600) : now;
            headers.Add(new("Date", FormatDate(date)));
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

    private static string DefaultMessage(int status) => status switch
    {
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        429 => "Rate exceeded",
        _ => "Error",
    };
}
