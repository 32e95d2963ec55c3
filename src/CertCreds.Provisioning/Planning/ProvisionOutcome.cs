namespace CertCreds.Provisioning.Planning;

/// <summary>What a provisioned device needs to get credentials: the credentials endpoint, the alias and its files.</summary>
internal sealed record ProvisionOutcome(string CredentialsEndpoint, string RoleAlias, string ThingName, string CertificatePath, string PrivateKeyPath, string CertificateId);
