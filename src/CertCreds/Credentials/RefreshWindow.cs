namespace CertCreds.Credentials;

/// <summary>
/// The refresh windows of the AWS clients that consume our output (docs/spec/aws-clients.md): botocore
/// refreshes when fewer than 15 minutes remain (advisory) and insists below 10; the .NET SDK at 15.
/// Credentials handed out with less than <see cref="Advisory"/> left make the AWS CLI run us again on every call.
/// </summary>
public static class RefreshWindow
{
    public static readonly TimeSpan Advisory = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan Mandatory = TimeSpan.FromMinutes(10);

    /// <summary>True when clients will treat these credentials as due for refresh on every call.</summary>
    public static bool IsInsideAdvisoryWindow(TemporaryCredentials credentials, DateTimeOffset now) =>
        credentials.Remaining(now) <= Advisory;
}
