namespace CertCreds.Serving;

/// <summary>
/// Wire constants of the two endpoints <c>certcreds serve</c> offers (docs/spec/aws-clients.md): the container
/// credentials endpoint and an IMDSv2-compatible one.
/// </summary>
public static class ServeProtocol
{
    /// <summary>Path of the container credentials endpoint, the path part of AWS_CONTAINER_CREDENTIALS_FULL_URI.</summary>
    public const string ContainerPath = "/credentials";

    public const string ImdsTokenPath = "/latest/api/token";
    public const string ImdsCredentialsPath = "/latest/meta-data/iam/security-credentials";
    public const string ImdsCredentialsExtendedPath = "/latest/meta-data/iam/security-credentials-extended";

    public const string AuthorizationHeader = "Authorization";
    public const string ImdsTokenHeader = "x-aws-ec2-metadata-token";
    public const string ImdsTokenTtlHeader = "x-aws-ec2-metadata-token-ttl-seconds";
    public const string ForwardedForHeader = "X-Forwarded-For";

    public const int MinImdsTokenTtlSeconds = 1;
    public const int MaxImdsTokenTtlSeconds = 21600;

    public const string FullUriVariable = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
    public const string AuthorizationTokenVariable = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
    public const string AuthorizationTokenFileVariable = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";
    public const string ImdsEndpointVariable = "AWS_EC2_METADATA_SERVICE_ENDPOINT";
}
