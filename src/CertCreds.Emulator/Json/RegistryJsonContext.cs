using System.Text.Json.Serialization;
using CertCreds.Emulator.Faults;
using CertCreds.Emulator.Registry;

namespace CertCreds.Emulator.Json;

/// <summary>Indented JSON for the hand-editable registry.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PreferredObjectCreationHandling = JsonObjectCreationHandling.Populate,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(RegistryDocument))]
[JsonSerializable(typeof(FaultSpec))]
internal sealed partial class RegistryJsonContext : JsonSerializerContext;
