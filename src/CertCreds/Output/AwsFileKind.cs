namespace CertCreds.Output;

/// <summary>Which of the two shared AWS files a text is: they name profile sections differently.</summary>
public enum AwsFileKind
{
    /// <summary><c>~/.aws/config</c>: <c>[profile NAME]</c>, and <c>[default]</c> for the default profile.</summary>
    Config,

    /// <summary><c>~/.aws/credentials</c>: <c>[NAME]</c>.</summary>
    Credentials,
}
