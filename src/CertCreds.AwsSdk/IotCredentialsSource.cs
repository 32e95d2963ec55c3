using System.Net;
using CertCreds.Certificates;
using CertCreds.Credentials;
using CertCreds.Errors;
using CertCreds.Platform;
using CertCreds.Providers;

namespace CertCreds.AwsSdk;

/// <summary>
/// One fetch from the IoT credentials provider with the CLI's own core code: identity files read and checked,
/// trust anchors, mutual TLS, deadline and retries. Options are validated and copied once; the files are read
/// on every fetch. Unlike the CLI it never changes the process environment (no libc <c>setenv</c> to skip the
/// system trust store): a library must not alter its host.
/// </summary>
internal sealed class IotCredentialsSource
{
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);
    private static readonly TimeSpan MaxConnectTimeout = TimeSpan.FromSeconds(5);

    private readonly IotCredentialsRequest request;
    private readonly IdentityOptions identity;
    private readonly string? password;
    private readonly string? caCertificatePath;
    private readonly TimeSpan timeout;
    private readonly TimeProvider clock;
    private int attempts;

    private IotCredentialsSource(IotCredentialsRequest request, IdentityOptions identity, string? password, string? caCertificatePath, TimeSpan timeout, TimeProvider clock)
    {
        this.request = request;
        this.identity = identity;
        this.password = password;
        this.caCertificatePath = caCertificatePath;
        this.timeout = timeout;
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
        return new IotCredentialsSource(request, identity, options.PrivateKeyPassword, ca, options.Timeout, clock);
    }

    /// <exception cref="CertificateCredentialsException">Any failure the CLI would report as one line.</exception>
    public async Task<TemporaryCredentials> FetchAsync(CancellationToken cancellationToken)
    {
        IotCredentialsProvider? provider = null;
        try
        {
            var files = new FileReader(Environment.CurrentDirectory);
            using var device = new IdentityLoader(files, clock, () => password).Load(identity);
            var anchors = caCertificatePath is null ? TrustAnchors.Embedded() : TrustAnchors.FromFile(files, caCertificatePath);
            var recorder = new TlsFailureRecorder();
            var connectTimeout = timeout < MaxConnectTimeout ? timeout : MaxConnectTimeout;
            using var handler = MutualTlsHandlerFactory.Create(device, anchors, recorder, ProxyFromEnvironment(request.Endpoint), connectTimeout);
            using var http = new HttpMessageInvoker(handler, disposeHandler: false);
            provider = new IotCredentialsProvider(http, clock, recorder, Random.Shared.NextDouble);
            return await provider.FetchAsync(request, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (CertCredsException e)
        {
            throw CredentialsErrors.From(e);
        }
        finally
        {
            if (provider is not null)
            {
                Interlocked.Add(ref attempts, provider.Attempts);
            }
        }
    }

    /// <summary>HTTPS_PROXY / NO_PROXY, read as the CLI reads them; null: connect directly.</summary>
    private static IWebProxy? ProxyFromEnvironment(IotEndpoint endpoint)
    {
        var proxy = Environment.GetEnvironmentVariable("HTTPS_PROXY") ?? Environment.GetEnvironmentVariable("https_proxy")
            ?? Environment.GetEnvironmentVariable("ALL_PROXY") ?? Environment.GetEnvironmentVariable("all_proxy");
        if (string.IsNullOrWhiteSpace(proxy))
        {
            return null;
        }

        var noProxy = Environment.GetEnvironmentVariable("NO_PROXY") ?? Environment.GetEnvironmentVariable("no_proxy");
        try
        {
            return ProxySettings.Create(proxy, noProxy, endpoint.Host);
        }
        catch (UsageException e)
        {
            throw CredentialsErrors.From(e);
        }
    }
}
