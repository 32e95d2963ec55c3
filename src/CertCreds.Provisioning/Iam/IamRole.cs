namespace CertCreds.Provisioning.Iam;

/// <summary>An IAM role as GetRole answers it; <see cref="TrustPolicy"/> is the JSON text (IAM sends it URL-encoded).</summary>
internal sealed record IamRole(string Name, string Arn, string TrustPolicy, int MaxSessionDuration);
