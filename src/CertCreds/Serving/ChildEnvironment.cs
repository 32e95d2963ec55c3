namespace CertCreds.Serving;

/// <summary>
/// The environment <c>certcreds exec</c> gives its command: the container credentials variables set, and every
/// variable that SDKs consult before the container provider removed, or it would silently win.
/// </summary>
public static class ChildEnvironment
{
    /// <summary>
    /// Variables that take precedence over the container endpoint in botocore, the JS, .NET, Go, Java and Rust SDKs:
    /// static keys, profiles (AWS CLI v1 also reads AWS_DEFAULT_PROFILE), a relative container URI or a token
    /// file (which botocore prefers to the token), and web identity.
    /// </summary>
    public static readonly IReadOnlyList<string> Shadowing =
    [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
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

        environment[ServeProtocol.FullUriVariable] = fullUri.ToString();
        environment[ServeProtocol.AuthorizationTokenVariable] = token;
    }
}
