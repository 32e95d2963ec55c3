namespace CertCreds.Cli.Serving;

/// <summary>
/// What users of AWS clients that cannot reach serve's endpoints are told, where they look: on serve's stderr
/// and in doctor. The README's compatibility table (generated from the end-to-end tests) says the same.
/// </summary>
internal static class ClientCompatibility
{
    /// <summary>The only port the AWS SDK for Ruby 3.168 (Debian 12's ruby-aws-sdk-core) connects to for IMDS.</summary>
    public const int RubyImdsPort = 80;

    /// <summary>
    /// Printed on stderr (stdout is eval'd) when serve listens anywhere but port 80: the Ruby SDK 3.168 takes only
    /// the host from AWS_EC2_METADATA_SERVICE_ENDPOINT and has no AWS_CONTAINER_CREDENTIALS_FULL_URI, so neither
    /// endpoint reaches it and it silently falls through to "no credentials".
    /// </summary>
    public const string ServePortNote =
        "certcreds serve: note: the AWS SDK for Ruby 3.168 (Debian 12's ruby-aws-sdk-core) ignores the port in AWS_EC2_METADATA_SERVICE_ENDPOINT (it always uses 80) "
        + "and does not read AWS_CONTAINER_CREDENTIALS_FULL_URI; for it run serve with --port 80 (root or CAP_NET_BIND_SERVICE), "
        + "use a credential_process profile (certcreds configure) or the credentials file (certcreds update), or update the SDK";
}
