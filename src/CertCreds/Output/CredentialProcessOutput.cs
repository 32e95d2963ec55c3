using System.Globalization;
using System.Text.Json;
using CertCreds.Credentials;
using CertCreds.Protocol;

namespace CertCreds.Output;

/// <summary>Turns credentials into the exact bytes a <c>credential_process</c> prints.</summary>
public static class CredentialProcessOutput
{
    /// <summary>UTF-8 without BOM, one JSON object, one trailing newline.</summary>
    public static byte[] Serialize(TemporaryCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var document = new CredentialProcessDocument(
            1,
            credentials.AccessKeyId,
            credentials.SecretAccessKey,
            credentials.SessionToken,
            FormatExpiration(credentials.Expiration));
        var json = JsonSerializer.SerializeToUtf8Bytes(document, OutputJsonContext.Default.CredentialProcessDocument);
        var bytes = new byte[json.Length + 1];
        json.CopyTo(bytes, 0);
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    /// <summary><c>yyyy-MM-ddTHH:mm:ssZ</c> in UTC; fractions are dropped (rounding down only shortens the life).</summary>
    public static string FormatExpiration(DateTimeOffset expiration) =>
        expiration.UtcDateTime.ToString(IotProtocol.ExpirationFormat, CultureInfo.InvariantCulture);
}
