namespace CertCreds.Emulator.RolesAnywhere;

/// <summary>
/// What the emulated CreateSession answers, and where each wording comes from. Recorded: seen from the real
/// service in aws/rolesanywhere-credential-helper issues (#108 untrusted certificate, #128 invalid signature,
/// #19 role session name). Every other wording is a guess modelled on other AWS JSON services (the SigV4 scope
/// and clock messages, the "1 validation error detected" form); the README's table marks which is which.
/// </summary>
public static class RolesAnywhereMessages
{
    public const string AccessDenied = "AccessDeniedException";
    public const string ResourceNotFound = "ResourceNotFoundException";
    public const string Validation = "ValidationException";

    /// <summary>Recorded (helper issue #128).</summary>
    public const string InvalidSignature = "Invalid signature";

    /// <summary>Recorded (helper issue #108): no chain from the signing certificate to the trust anchor.</summary>
    public const string UntrustedCertificate = "Untrusted Signing Certificate";

    /// <summary>Recorded (helper issue #19): a roleSessionName through a profile that does not accept one.</summary>
    public const string RoleSessionNameNotAllowed = "Not authorized to set roleSessionName.";

    public const string MissingAuthentication = "Missing or malformed Authorization header";
    public const string UnsupportedAlgorithm = "Unsupported signing algorithm";
    public const string MissingCertificate = "Missing or malformed X-Amz-X509 header";
    public const string SerialMismatch = "Credential does not match the serial number of the signing certificate";
    public const string KeyMismatch = "The signing algorithm does not match the signing certificate's key";
    public const string WrongRegion = "Credential should be scoped to a valid region.";
    public const string WrongService = "Credential should be scoped to correct service: 'rolesanywhere'.";
    public const string WrongTerminator = "Credential should be scoped with a valid terminator: 'aws4_request'.";
    public const string WrongScopeDate = "Date in Credential scope does not match YYYYMMDD from X-Amz-Date.";
    public const string MissingDate = "Missing or malformed X-Amz-Date header";
    public const string UnsignedRequiredHeader = "SignedHeaders must include host and x-amz-date";
    public const string TrustAnchorNotFound = "Trust anchor not found";
    public const string TrustAnchorDisabled = "Trust anchor is disabled";
    public const string ProfileNotFound = "Profile not found";
    public const string ProfileDisabled = "Profile is disabled";
    public const string RoleNotInProfile = "Role is not part of the profile";
    public const string UnableToAssumeRole = "Unable to assume role. The role's trust policy must allow rolesanywhere.amazonaws.com";
    public const string DurationOverProfile = "The requested DurationSeconds exceeds the durationSeconds set for the profile";
    public const string DurationOverRole = "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.";
    public const string MalformedBody = "The request body is not a JSON object";
    public const string NotFound = "Not Found";

    public static string MissingParameter(string name) =>
        $"1 validation error detected: Value null at '{name}' failed to satisfy constraint: Member must not be null";

    public static string DurationTooShort(long value) =>
        $"1 validation error detected: Value '{value}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900";

    public static string DurationTooLong(long value) =>
        $"1 validation error detected: Value '{value}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200";

    public static string SignatureExpired(string date, string lower, string now) => $"Signature expired: {date} is now earlier than {lower} ({now} - 5 min.)";

    public static string SignatureNotYetCurrent(string date, string upper, string now) => $"Signature not yet current: {date} is still later than {upper} ({now} + 5 min.)";
}
