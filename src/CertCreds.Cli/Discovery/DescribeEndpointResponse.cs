using System.Text.Json.Serialization;

namespace CertCreds.Cli.Discovery;

/// <summary>The body of IoT <c>DescribeEndpoint</c>.</summary>
internal sealed record DescribeEndpointResponse([property: JsonPropertyName("endpointAddress")] string? EndpointAddress);
