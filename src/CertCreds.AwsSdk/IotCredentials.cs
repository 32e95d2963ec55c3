using Amazon.Runtime;

namespace CertCreds.AwsSdk;

/// <summary>
/// AWS credentials for the AWS SDK for .NET from an AWS IoT device certificate: the SDK's clients call
/// <see cref="AWSCredentials.GetCredentialsAsync"/> and this class asks the AWS IoT credentials provider
/// (<c>AssumeRoleWithCertificate</c>) over mutual TLS.
/// </summary>
/// <remarks>
/// <para>
/// Refresh: credentials are reused until <see cref="RefreshingAWSCredentials.PreemptExpiryTime"/> (default
/// <see cref="DefaultPreemptExpiryTime"/>) before they expire; inside that window the next call starts one
/// refresh in the background and keeps handing out the still-valid credentials, and only a call made after they
/// expired waits for new ones.
/// </para>
/// <para>
/// Concurrency: refreshes are single flight. Any number of concurrent SDK calls on a cold start (or after expiry)
/// make one request to the credentials provider and all get its answer.
/// </para>
/// <para>
/// Failure: a refresh that fails throws <see cref="CertificateCredentialsException"/> to the SDK call that needed
/// it; a failed background refresh is retried by the next call while the current credentials stay in use.
/// Instances are thread-safe; create one per identity and role alias and share it.
/// </para>
/// </remarks>
public sealed class IotCredentials : RefreshingAWSCredentials
{
    /// <summary>How long before expiry credentials are refreshed unless <see cref="RefreshingAWSCredentials.PreemptExpiryTime"/> is set: 5 minutes.</summary>
    public static readonly TimeSpan DefaultPreemptExpiryTime = TimeSpan.FromMinutes(5);

    private readonly IotCredentialsSource source;

    /// <summary>Checks the options (no file is read and no connection made until the first SDK call).</summary>
    /// <param name="options">Endpoint, role alias and identity files.</param>
    /// <exception cref="ArgumentException">An option is missing or malformed; the message says which and how to fix it.</exception>
    public IotCredentials(IotCredentialsOptions options)
        : this(options, TimeProvider.System)
    {
    }

    internal IotCredentials(IotCredentialsOptions options, TimeProvider clock)
    {
        source = IotCredentialsSource.Create(options, clock);
        PreemptExpiryTime = DefaultPreemptExpiryTime;
    }

    /// <summary>How many requests this instance has sent to the credentials provider (retries included).</summary>
    internal int ProviderRequests => source.Attempts;

    /// <inheritdoc />
    protected override CredentialsRefreshState GenerateNewCredentials() =>
        GenerateNewCredentialsAsync().ConfigureAwait(false).GetAwaiter().GetResult();

    /// <inheritdoc />
    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        var credentials = await source.FetchAsync(CancellationToken.None).ConfigureAwait(false);
        return new CredentialsRefreshState(
            new ImmutableCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken),
            credentials.Expiration.UtcDateTime);
    }
}
