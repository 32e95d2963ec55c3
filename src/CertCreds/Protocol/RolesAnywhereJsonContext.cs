using System.Text.Json.Serialization;

namespace CertCreds.Protocol;

/// <summary>Source-generated JSON for IAM Roles Anywhere's CreateSession (client and emulator).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(CreateSessionBody))]
[JsonSerializable(typeof(CreateSessionResult))]
[JsonSerializable(typeof(RolesAnywhereError))]
public sealed partial class RolesAnywhereJsonContext : JsonSerializerContext;
