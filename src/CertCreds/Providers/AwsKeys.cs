namespace CertCreds.Providers;

/// <summary>The caller's own AWS keys, for <c>--discover-endpoint</c>. Never printed.</summary>
public sealed record AwsKeys(string AccessKeyId, string SecretAccessKey, string? SessionToken)
{
    public override string ToString() => $"AwsKeys {{ AccessKeyId = {AccessKeyId}, SecretAccessKey = ***, SessionToken = *** }}";
}
