namespace CertCreds.Protocol;

/// <summary>
/// Wire constants of the AWS IoT Core credentials provider, shared by the client and the emulator so the
/// two cannot drift. Facts and their sources: docs/spec/iot-credentials-provider.md.
/// </summary>
public static class IotProtocol
{
    public const string ThingNameHeader = "x-amzn-iot-thingname";
    public const string RequestIdHeader = "x-amzn-RequestId";
    public const string ErrorTypeHeader = "x-amzn-ErrorType";
    public const int DefaultPort = 443;
    public const string ExpirationFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public const string CertificateInvalidMessage = "Certificate is invalid on this endpoint";
    public const string InvalidThingMessage = "Invalid thing name passed";
    public const string AccessDeniedMessage = "Access Denied";
    public const string AliasMissingMessage = "Role alias does not exist";
    public const string UnableToAssumeRoleMessage = "Unable to assume the role, or the role to assume does not exist";
    public const string DurationTooLongMessage = "The requested CredentialDurationSeconds exceeds the MaxSessionDuration set for the role";

    /// <summary>The request path for a role alias. The alias is validated before it gets here.</summary>
    public static string CredentialsPath(string roleAlias) => "/role-aliases/" + roleAlias + "/credentials";

    /// <summary>Role alias names: 1–128 of <c>[\w=,@-]</c> (AWS IoT API reference).</summary>
    public static bool IsValidRoleAlias(string? alias) =>
        !string.IsNullOrEmpty(alias) && alias.Length <= 128 && alias.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '=' or ',' or '@' or '-');

    /// <summary>Thing names: 1–128 of <c>[a-zA-Z0-9:_-]</c> (AWS IoT API reference).</summary>
    public static bool IsValidThingName(string? thing) =>
        !string.IsNullOrEmpty(thing) && thing.Length <= 128 && thing.All(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '_' or '-');
}
