namespace CertCreds.Provisioning.Iot;

/// <summary>An IoT policy as GetPolicy answers it (the default version's document).</summary>
internal sealed record IotPolicy(string Name, string Arn, string Document);
