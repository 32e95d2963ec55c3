using System.Text.Json.Serialization;

namespace CertCreds.Output;

/// <summary>Source-generated JSON for what certcreds prints or serves to AWS clients.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CredentialProcessDocument))]
public sealed partial class OutputJsonContext : JsonSerializerContext;
