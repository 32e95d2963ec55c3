namespace CertCreds.Protocol;

/// <summary>
/// Wire constants of IAM Roles Anywhere's CreateSession, shared by the client and the emulator so the two cannot
/// drift. Sources: the IAM Roles Anywhere user guide pages "authentication", "authentication-sign-process" and
/// "authentication-create-session", and the request aws_signing_helper sends (facts only).
/// </summary>
public static class RolesAnywhereProtocol
{
    /// <summary>The signing name in the credential scope.</summary>
    public const string ServiceName = "rolesanywhere";

    /// <summary>The service principal a role's trust policy must name.</summary>
    public const string ServicePrincipal = "rolesanywhere.amazonaws.com";

    public const string SessionsPath = "/sessions";
    public const string ProfileArnParameter = "profileArn";
    public const string RoleArnParameter = "roleArn";
    public const string TrustAnchorArnParameter = "trustAnchorArn";

    public const string DateHeader = "X-Amz-Date";
    public const string CertificateHeader = "X-Amz-X509";
    public const string ChainHeader = "X-Amz-X509-Chain";
    public const string AuthorizationHeader = "Authorization";
    public const string ContentType = "application/json";

    public const string RsaAlgorithm = "AWS4-X509-RSA-SHA256";
    public const string EcdsaAlgorithm = "AWS4-X509-ECDSA-SHA256";

    /// <summary><c>yyyyMMdd'T'HHmmss'Z'</c>, as SigV4's X-Amz-Date.</summary>
    public const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>SigV4 refuses a request whose date is further than this from the service's clock.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public const int MinDurationSeconds = 900;
    public const int MaxDurationSeconds = 43200;
    public const int DefaultDurationSeconds = 3600;

    /// <summary>CreateSession answers 201 Created.</summary>
    public const int CreatedStatus = 201;

    public const string AccessDeniedType = "AccessDeniedException";
    public const string ResourceNotFoundType = "ResourceNotFoundException";
    public const string ValidationType = "ValidationException";
    public const string ThrottlingType = "ThrottlingException";

    /// <summary>The service's words when no trust anchor certificate chains the signing certificate.</summary>
    public const string UntrustedCertificateMessage = "Untrusted Signing Certificate";

    /// <summary>The service's words when the signature does not verify.</summary>
    public const string InvalidSignatureMessage = "Invalid signature";

    /// <summary>Role session names: 2–64 of <c>[\w+=,.@-]</c> (the STS RoleSessionName rule).</summary>
    public static bool IsValidRoleSessionName(string? name) =>
        name is { Length: >= 2 and <= 64 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or '=' or ',' or '.' or '@' or '-');
}
