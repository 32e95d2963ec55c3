using System.Buffers;
using System.Text.Json;

namespace CertCreds.Provisioning.Aws;

/// <summary>Small JSON helpers for the typed clients: bodies written with <see cref="Utf8JsonWriter"/>, answers read with <see cref="JsonDocument"/> (no reflection, AOT-safe).</summary>
internal static class Json
{
    public static byte[] Object(params (string Name, object? Value)[] members)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in members)
            {
                switch (value)
                {
                    case null:
                        break;
                    case string text:
                        writer.WriteString(name, text);
                        break;
                    case int number:
                        writer.WriteNumber(name, number);
                        break;
                    case bool flag:
                        writer.WriteBoolean(name, flag);
                        break;
                    default:
                        throw new ArgumentException($"unsupported JSON member type {value.GetType().Name}", nameof(members));
                }
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static int? Int(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;
}
