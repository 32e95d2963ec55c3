namespace CertCreds.Cli.AwsFiles;

/// <summary>Where the AWS clients look for their two shared files, read through the context so tests control it.</summary>
internal static class AwsFilePaths
{
    /// <summary><c>AWS_CONFIG_FILE</c>, else <c>~/.aws/config</c>.</summary>
    public static string Config(CliContext context) => Resolve(context, "AWS_CONFIG_FILE", "config");

    /// <summary><c>AWS_SHARED_CREDENTIALS_FILE</c>, else <c>~/.aws/credentials</c>.</summary>
    public static string Credentials(CliContext context) => Resolve(context, "AWS_SHARED_CREDENTIALS_FILE", "credentials");

    private static string Resolve(CliContext context, string variable, string fileName)
    {
        var home = context.GetEnvironmentVariable("HOME");
        if (string.IsNullOrEmpty(home))
        {
            home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        }

        var configured = context.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(configured))
        {
            return Path.Combine(home, ".aws", fileName);
        }

        // botocore expands ~ in these variables; so must we, or we would edit a different file than it reads.
        if (configured == "~" || configured.StartsWith("~/", StringComparison.Ordinal))
        {
            configured = home + configured[1..];
        }

        return Path.GetFullPath(Path.IsPathRooted(configured) ? configured : Path.Combine(context.WorkingDirectory, configured));
    }
}
