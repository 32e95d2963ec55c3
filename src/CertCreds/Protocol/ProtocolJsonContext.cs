using System.Text.Json.Serialization;

namespace CertCreds.Protocol;

/// <summary>Source-generated JSON for the credentials provider's wire format (client and emulator).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ProviderSuccess))]
[JsonSerializable(typeof(ProviderError))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
