using System.Text;
using System.Xml;
using System.Xml.Linq;
using CertCreds.Errors;
using CertCreds.Provisioning.Aws;

namespace CertCreds.Provisioning.Iam;

/// <summary>IAM's query-protocol errors: <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;</c>.</summary>
internal static class IamErrors
{
    public static AwsServiceError Parse(string action, int status, byte[] body, string? errorType)
    {
        string? code = null, message = null, requestId = null;
        try
        {
            var document = XDocument.Parse(Encoding.UTF8.GetString(body));
            code = IamXml.First(document, "Code");
            message = IamXml.First(document, "Message");
            requestId = IamXml.First(document, "RequestId");
        }
        catch (XmlException)
        {
            message = Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)));
        }

        return new AwsServiceError(action, status, TerminalText.Escape(code ?? errorType ?? $"HTTP{status}"), TerminalText.Escape(message ?? string.Empty), requestId is null ? null : TerminalText.Escape(requestId));
    }
}
