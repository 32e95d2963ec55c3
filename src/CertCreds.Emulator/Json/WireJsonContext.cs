using System.Text.Json.Serialization;
using CertCreds.Emulator.Logging;

namespace CertCreds.Emulator.Json;

/// <summary>Compact JSON for emulator-only wire shapes and the JSON-lines logs.</summary>
[JsonSerializable(typeof(NotFoundBody))]
[JsonSerializable(typeof(CapitalisedSuccess))]
[JsonSerializable(typeof(RequestLogEntry))]
[JsonSerializable(typeof(IssuanceLogEntry))]
internal sealed partial class WireJsonContext : JsonSerializerContext;
