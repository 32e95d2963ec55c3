namespace CertCreds.Cli.Commands;

/// <summary>The caller's own AWS keys, for <c>--discover-endpoint</c>. Never printed.</summary>
internal sealed record AwsKeys(string AccessKeyId, string SecretAccessKey, string? SessionToken)
{
    public override string ToString() => $"AwsKeys {{ AccessKeyId = {AccessKeyId}, SecretAccessKey = ***, SessionToken = *** }}";
}
