using CertCreds.Certificates;
using CertCreds.Credentials;
using CertCreds.Errors;
using CertCreds.Platform;
using CertCreds.Providers;
using CertCreds.Sources;

namespace CertCreds.AwsSdk;

/// <summary>
/// One fetch from the IoT credentials provider with the CLI's own core code: identity files read and checked,
/// trust anchors, mutual TLS, deadline and retries. Options are validated and copied once; the files are read
/// on every fetch, through the same <see cref="CredentialService"/> every CLI verb uses. Unlike the CLI it never
/// changes the process environment (no libc <c>setenv</c> to skip the system trust store): a library must not
/// alter its host.
/// </summary>
internal sealed class IotCredentialsSource
{
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);

    private readonly CredentialSettings settings;
    private readonly string? password;
    private readonly TimeProvider clock;
    private int attempts;

    private IotCredentialsSource(CredentialSettings settings, string? password, TimeProvider clock)
    {
        this.settings = settings;
        this.password = password;
        this.clock = clock;
    }

    /// <summary>Requests sent so far, by every fetch of this source.</summary>
    public int Attempts => Volatile.Read(ref attempts);

    public static IotCredentialsSource Create(IotCredentialsOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        IotCredentialsRequest request;
        try
        {
            request = new IotCredentialsRequest(IotEndpoint.Parse(options.Endpoint), options.RoleAlias, options.ThingName);
        }
        catch (UsageException e)
        {
            throw new ArgumentException(CredentialsErrors.Line(e), nameof(options), e);
        }

        if (string.IsNullOrEmpty(options.CertificatePath))
        {
            throw new ArgumentException("no certificate was given — set CertificatePath to the device certificate (PEM, DER or PKCS#12)", nameof(options));
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > MaxTimeout)
        {
            throw new ArgumentException("the timeout is out of range — set Timeout above zero and at most one hour", nameof(options));
        }

        // Resolved now: the application may change its working directory later.
        var identity = new IdentityOptions(
            Path.GetFullPath(options.CertificatePath),
            string.IsNullOrEmpty(options.PrivateKeyPath) ? null : Path.GetFullPath(options.PrivateKeyPath),
            PasswordFile: null);
        var ca = string.IsNullOrEmpty(options.CaCertificatePath) ? null : Path.GetFullPath(options.CaCertificatePath);
        return new IotCredentialsSource(new CredentialSettings(identity, new IotCredentialSource(request), ca, options.Timeout), options.PrivateKeyPassword, clock);
    }

    /// <exception cref="CertificateCredentialsException">Any failure the CLI would report as one line.</exception>
    public async Task<TemporaryCredentials> FetchAsync(CancellationToken cancellationToken)
    {
        var service = new CredentialService(new CredentialEnvironment(
            new FileReader(Environment.CurrentDirectory),
            clock,
            Environment.GetEnvironmentVariable,
            _ => password,
            _ => { })
        {
            // A library has no terminal and must not change its host's process environment.
            IsInteractive = true,
            MayChangeProcessEnvironment = false,
        });
        try
        {
            using var device = service.LoadIdentity(settings.Identity);
            var anchors = service.LoadAnchors(settings);
            // The SDK refreshes again on its next call and retries the call itself: a 429 must not be multiplied here.
            using var connection = service.Connect(settings.Source, device, anchors, service.ProxyFor(settings.Source), settings.Timeout, retryThrottling: false);
            try
            {
                return await settings.Source.FetchAsync(device, connection.Connection, settings.Timeout, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Add(ref attempts, connection.Connection.Attempts);
            }
        }
        catch (CertCredsException e)
        {
            throw CredentialsErrors.From(e);
        }
    }
}
