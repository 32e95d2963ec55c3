using System.Text.Json.Serialization;
using CertCreds.Cli.Discovery;
using CertCreds.Cli.Doctor;

namespace CertCreds.Cli;

/// <summary>Source-generated JSON for what the setup verbs read from AWS and print for scripts.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true)]
[JsonSerializable(typeof(DescribeEndpointResponse))]
[JsonSerializable(typeof(DoctorReport))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
