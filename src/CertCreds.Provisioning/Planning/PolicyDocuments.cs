using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CertCreds.Provisioning.Planning;

/// <summary>
/// The least-privilege documents provisioning writes, and their comparison with what exists. Compared as JSON
/// values (key order and white space do not matter; everything else does), so a policy with an extra statement,
/// a wider resource or another principal is a difference.
/// </summary>
internal static class PolicyDocuments
{
    public const string CredentialsService = "credentials.iot.amazonaws.com";

    /// <summary>The role's trust policy: only the IoT credentials provider may assume it.</summary>
    public static string Trust() => Write(writer =>
    {
        writer.WriteStartObject("Principal");
        writer.WriteString("Service", CredentialsService);
        writer.WriteEndObject();
        writer.WriteString("Action", "sts:AssumeRole");
    });

    /// <summary>
    /// The device's IoT policy: <c>iot:AssumeRoleWithCertificate</c> on this one alias and nothing else. With
    /// <paramref name="thingVariables"/> only while the certificate is attached to the thing named by
    /// <c>${iot:Connection.Thing.ThingName}</c> (sent as <c>x-amzn-iot-thingname</c>), so one policy can serve a fleet.
    /// </summary>
    public static string Device(string roleAliasArn, bool thingVariables) => Write(writer =>
    {
        writer.WriteString("Action", "iot:AssumeRoleWithCertificate");
        writer.WriteString("Resource", roleAliasArn);
        if (thingVariables)
        {
            writer.WriteStartObject("Condition");
            writer.WriteStartObject("Bool");
            writer.WriteString("iot:Connection.Thing.IsAttached", "true");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
    });

    /// <summary>True when <paramref name="existing"/> is the same JSON value as <paramref name="wanted"/>.</summary>
    public static bool Same(string existing, string wanted)
    {
        try
        {
            return JsonNode.DeepEquals(JsonNode.Parse(existing), JsonNode.Parse(wanted));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>One line for a difference report: the existing document, compacted.</summary>
    public static string Compact(string document)
    {
        try
        {
            return JsonNode.Parse(document)?.ToJsonString() ?? document;
        }
        catch (JsonException)
        {
            return document;
        }
    }

    private static string Write(Action<Utf8JsonWriter> statement)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("Version", "2012-10-17");
            writer.WriteStartArray("Statement");
            writer.WriteStartObject();
            writer.WriteString("Effect", "Allow");
            statement(writer);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
