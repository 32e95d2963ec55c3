using System.Text.Json.Serialization;
using CertCreds.Emulator.Logging;

namespace CertCreds.Emulator.Json;

/// <summary>Compact JSON for the Roles Anywhere listener's answers, its log lines and the roles-anywhere.json file.</summary>
[JsonSerializable(typeof(CreateSessionResponse))]
[JsonSerializable(typeof(SessionError))]
[JsonSerializable(typeof(SessionLogEntry))]
[JsonSerializable(typeof(State.RolesAnywhereEndpointFile))]
internal sealed partial class SessionWireJsonContext : JsonSerializerContext;
