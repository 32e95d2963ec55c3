using CertCreds.Certificates;
using CertCreds.Providers;

namespace CertCreds.Cli.Commands;

/// <summary>Everything needed to fetch credentials once, validated.</summary>
/// <param name="CaCertPath">Null: the embedded Amazon roots.</param>
internal sealed record FetchSettings(IotCredentialsRequest Request, IdentityOptions Identity, string? CaCertPath, TimeSpan Timeout);
