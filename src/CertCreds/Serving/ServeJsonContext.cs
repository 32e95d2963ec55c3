using System.Text.Json.Serialization;

namespace CertCreds.Serving;

/// <summary>Source-generated JSON for the serve endpoints' wire documents.</summary>
[JsonSerializable(typeof(ContainerCredentialsDocument))]
[JsonSerializable(typeof(ImdsCredentialsDocument))]
[JsonSerializable(typeof(ServeErrorDocument))]
public sealed partial class ServeJsonContext : JsonSerializerContext;
