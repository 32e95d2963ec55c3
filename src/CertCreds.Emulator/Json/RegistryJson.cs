using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CertCreds.Emulator.Json;

/// <summary>
/// The registry context with options the source-generation attribute cannot express: '+' and '/' in
/// embedded PEM stay readable for people editing emulator.json instead of becoming \u002B.
/// </summary>
internal static class RegistryJson
{
    public static readonly RegistryJsonContext Context = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PreferredObjectCreationHandling = JsonObjectCreationHandling.Populate,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    });
}
