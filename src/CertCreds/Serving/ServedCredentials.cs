using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CertCreds.Credentials;
using CertCreds.Output;

namespace CertCreds.Serving;

/// <summary>
/// One set of credentials as the server hands it out, with both answers serialized once when the set arrives:
/// requests then only copy bytes. Immutable; <see cref="ToString"/> never shows a secret.
/// </summary>
public sealed class ServedCredentials
{
    private ServedCredentials(TemporaryCredentials credentials, DateTimeOffset obtainedAt, ServeResponse container, ServeResponse imds)
    {
        Credentials = credentials;
        ObtainedAt = obtainedAt;
        ContainerAnswer = container;
        ImdsAnswer = imds;
    }

    public TemporaryCredentials Credentials { get; }

    /// <summary>When they arrived, by the server's clock: with the expiration it gives the lifetime the refresh policy needs.</summary>
    public DateTimeOffset ObtainedAt { get; }

    public TimeSpan Lifetime => Credentials.Expiration - ObtainedAt;

    public ServeResponse ContainerAnswer { get; }

    public ServeResponse ImdsAnswer { get; }

    public static ServedCredentials Create(TemporaryCredentials credentials, DateTimeOffset obtainedAt)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var expiration = CredentialProcessOutput.FormatExpiration(credentials.Expiration);
        var container = new ContainerCredentialsDocument(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, expiration);
        var imds = new ImdsCredentialsDocument("Success", CredentialProcessOutput.FormatExpiration(obtainedAt), "AWS-HMAC", credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, expiration);
        return new ServedCredentials(
            credentials,
            obtainedAt,
            new ServeResponse(200, ServeResponse.Json, Serialize(container, ServeJsonContext.Default.ContainerCredentialsDocument)),
            new ServeResponse(200, ServeResponse.Json, Serialize(imds, ServeJsonContext.Default.ImdsCredentialsDocument)));
    }

    /// <summary>Relaxed escaping keeps '+' in keys and tokens literal, as AWS's own services write them.</summary>
    public static byte[] Serialize<T>(T document, JsonTypeInfo<T> typeInfo)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            JsonSerializer.Serialize(writer, document, typeInfo);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public override string ToString() => $"ServedCredentials {{ AccessKeyId = {Credentials.AccessKeyId}, ObtainedAt = {ObtainedAt:O}, Expiration = {Credentials.Expiration:O} }}";
}
