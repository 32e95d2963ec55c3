using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CertCreds.Credentials;
using CertCreds.Protocol;

namespace CertCreds.Output;

/// <summary>Turns credentials into the exact bytes a <c>credential_process</c> prints.</summary>
public static class CredentialProcessOutput
{
    /// <summary>
    /// UTF-8 without BOM, one JSON object, one trailing newline. Relaxed escaping keeps the '+' of keys and
    /// tokens literal (this is never embedded in HTML), so the bytes match what AWS tools print.
    /// </summary>
    public static byte[] Serialize(TemporaryCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var document = new CredentialProcessDocument(
            1,
            credentials.AccessKeyId,
            credentials.SecretAccessKey,
            credentials.SessionToken,
            FormatExpiration(credentials.Expiration));
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            JsonSerializer.Serialize(writer, document, OutputJsonContext.Default.CredentialProcessDocument);
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>yyyy-MM-ddTHH:mm:ssZ</c> in UTC; fractions are dropped (rounding down only shortens the life).</summary>
    public static string FormatExpiration(DateTimeOffset expiration) =>
        expiration.UtcDateTime.ToString(IotProtocol.ExpirationFormat, CultureInfo.InvariantCulture);
}
