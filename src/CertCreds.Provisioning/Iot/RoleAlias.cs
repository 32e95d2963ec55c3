namespace CertCreds.Provisioning.Iot;

/// <summary>An IoT role alias as DescribeRoleAlias answers it.</summary>
internal sealed record RoleAlias(string Name, string Arn, string RoleArn, int DurationSeconds);
