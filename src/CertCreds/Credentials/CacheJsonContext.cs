using System.Text.Json.Serialization;

namespace CertCreds.Credentials;

/// <summary>Source-generated JSON for cache entries.</summary>
[JsonSerializable(typeof(CacheEntryDocument))]
internal sealed partial class CacheJsonContext : JsonSerializerContext;
