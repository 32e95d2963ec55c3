using CertCreds.Platform;

namespace CertCreds.Serving;

/// <summary>
/// The environment <c>certcreds exec</c> gives its command: the container credentials variables set, every
/// variable that SDKs consult before the container provider removed (or it would silently win), and nothing of
/// certcreds' own: no <c>CERTCREDS_*</c> (a key password among them) and none of the trust-store overrides this
/// process made for itself.
/// </summary>
public static class ChildEnvironment
{
    /// <summary>Every variable with this prefix is ours, for us only.</summary>
    public const string OwnPrefix = "CERTCREDS_";

    /// <summary>
    /// Variables that take precedence over the container endpoint in botocore, the JS, .NET, Go, Java and Rust SDKs:
    /// static keys (the Java SDK v1 also reads AWS_ACCESS_KEY and AWS_SECRET_KEY), profiles (AWS CLI v1 also reads
    /// AWS_DEFAULT_PROFILE), a relative container URI or a token file (which botocore prefers to the token), and web
    /// identity.
    /// </summary>
    public static readonly IReadOnlyList<string> Shadowing =
    [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_ACCESS_KEY",
        "AWS_SECRET_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_SECURITY_TOKEN",
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        ServeProtocol.AuthorizationTokenFileVariable,
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_ROLE_ARN",
        "AWS_ROLE_SESSION_NAME",
    ];

    /// <summary>Edits <paramref name="environment"/> in place for a child that must use the endpoint at <paramref name="fullUri"/>.</summary>
    public static void Apply(IDictionary<string, string?> environment, Uri fullUri, string token)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(fullUri);
        foreach (var name in Shadowing)
        {
            _ = environment.Remove(name);
        }

        foreach (var name in environment.Keys.Where(IsOwn).ToList())
        {
            _ = environment.Remove(name);
        }

        // Belt and braces: the caller starts from the environment we were given, but should our own override have
        // reached it anyway, the child would trust no certificate at all.
        foreach (var name in NativeEnvironment.TrustStoreVariables)
        {
            if (environment.TryGetValue(name, out var value) && value == NativeEnvironment.NoSystemStore)
            {
                _ = environment.Remove(name);
            }
        }

        environment[ServeProtocol.FullUriVariable] = fullUri.ToString();
        environment[ServeProtocol.AuthorizationTokenVariable] = token;
    }

    private static bool IsOwn(string name) => name.StartsWith(OwnPrefix, StringComparison.OrdinalIgnoreCase);
}
