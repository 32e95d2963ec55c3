using CertCreds.Errors;
using CertCreds.Output;

namespace CertCreds.Output;

/// <summary>
/// The static-keys-plus-credential_process trap (docs/spec/aws-clients.md): a profile with static keys and a
/// credential_process, sso_* or role_arn makes the .NET SDK fail and every other SDK silently use the static keys.
/// certcreds refuses to create it from either side.
/// </summary>
public static class ProfileTraps
{
    private static readonly string[] StaticKeys = ["aws_access_key_id", "aws_secret_access_key", "aws_session_token"];

    /// <summary>Before <c>configure</c> adds credential_process: the profile must have no static keys in either file.</summary>
    public static void CheckBeforeCredentialProcess(string profile, string configPath, string configText, string credentialsPath, string credentialsText)
    {
        var config = AwsFileEditor.ReadProfile(configText, AwsFileKind.Config, profile);
        var inConfig = config?.Keys.Where(k => StaticKeys.Contains(k) || k.StartsWith("sso_", StringComparison.Ordinal) || k is "role_arn" or "web_identity_token_file").ToList();
        if (inConfig is { Count: > 0 })
        {
            throw new AwsFileException(
                $"the profile '{profile}' in {configPath} already has {string.Join(", ", inConfig)}; adding credential_process would make the .NET SDK fail and other SDKs silently use those instead",
                $"remove those keys from the profile first, or configure a new profile name");
        }

        var credentials = AwsFileEditor.ReadProfile(credentialsText, AwsFileKind.Credentials, profile);
        var inCredentials = credentials?.Keys.Where(StaticKeys.Contains).ToList();
        if (inCredentials is { Count: > 0 })
        {
            throw new AwsFileException(
                $"{credentialsPath} has static keys for the profile '{profile}'; with a credential_process in {configPath} the .NET SDK fails and other SDKs silently prefer the static keys",
                $"delete the [{profile}] section from {credentialsPath}, or configure a new profile name");
        }
    }

    /// <summary>Before <c>update</c> writes static keys: the profile's config must not also get credentials another way.</summary>
    public static void CheckBeforeStaticKeys(string profile, string configPath, string configText)
    {
        var config = AwsFileEditor.ReadProfile(configText, AwsFileKind.Config, profile);
        var conflicting = config?.Keys.Where(k => k.StartsWith("sso_", StringComparison.Ordinal) || k is "credential_process" or "role_arn" or "web_identity_token_file").ToList();
        if (conflicting is { Count: > 0 })
        {
            throw new AwsFileException(
                $"the profile '{profile}' in {configPath} has {string.Join(", ", conflicting)}; static keys for it in the credentials file would make the .NET SDK fail and other SDKs silently use the keys",
                "use another --profile-name for update, or remove those keys from the config profile");
        }
    }
}
