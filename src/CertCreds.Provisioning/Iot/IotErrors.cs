using System.Text;
using System.Text.Json;
using CertCreds.Errors;
using CertCreds.Provisioning.Aws;

namespace CertCreds.Provisioning.Iot;

/// <summary>IoT's REST-JSON errors: the code in <c>x-amzn-ErrorType</c> (before any <c>:</c>) or the body's <c>__type</c>/<c>code</c>, the words in <c>message</c>.</summary>
internal static class IotErrors
{
    public static AwsServiceError Parse(string action, int status, byte[] body, string? errorType)
    {
        var code = errorType?.Split(':', 2)[0];
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            code ??= Json.String(document.RootElement, "__type") ?? Json.String(document.RootElement, "code");
            message = Json.String(document.RootElement, "message") ?? Json.String(document.RootElement, "Message");
        }
        catch (JsonException)
        {
            message = Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)));
        }

        code = code?.Split('#')[^1];
        return new AwsServiceError(action, status, TerminalText.Escape(code ?? $"HTTP{status}"), TerminalText.Escape(message ?? string.Empty), null);
    }
}
