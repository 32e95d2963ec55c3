using CertCreds.Certificates;
using CertCreds.Credentials;
using CertCreds.Platform;
using CertCreds.Providers;

namespace CertCreds.Cli.Commands;

/// <summary>
/// Wires identity, trust and HTTP together for one fetch: local checks first (files, password, key match,
/// dates), then the network. Shared by every verb that needs credentials.
/// </summary>
internal sealed class CredentialFetcher(CliContext context)
{
    public async Task<TemporaryCredentials> FetchAsync(FetchSettings settings, CancellationToken cancellationToken)
    {
        var started = context.Clock.GetTimestamp();
        using var identity = await LoadIdentityAsync(settings, cancellationToken).ConfigureAwait(false);
        return await FetchAsync(settings, identity, Remaining(settings, started), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What is left of --timeout after the local work that began at <paramref name="started"/>.</summary>
    public TimeSpan Remaining(FetchSettings settings, long started)
    {
        var left = settings.Timeout - context.Clock.GetElapsedTime(started);
        return left > TimeSpan.FromMilliseconds(1) ? left : TimeSpan.FromMilliseconds(1);
    }

    /// <summary>
    /// <see cref="LoadIdentity"/> off the invoking thread, so that SIGINT/SIGTERM (which cancel
    /// <paramref name="cancellationToken"/>) end a one-shot verb at once even while a file read or a key
    /// derivation is slow (a hung network mount, a huge PBKDF2 iteration count), and, unless a person may be
    /// typing a password at a prompt, within --timeout: the deadline covers local work too.
    /// </summary>
    public async Task<DeviceIdentity> LoadIdentityAsync(FetchSettings settings, CancellationToken cancellationToken)
    {
        var load = Task.Run(() => LoadIdentity(settings), CancellationToken.None);
        try
        {
            return context.IsInteractive
                ? await load.WaitAsync(cancellationToken).ConfigureAwait(false)
                : await load.WaitAsync(settings.Timeout, context.Clock, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            // The abandoned load still owns a key if it ever finishes.
            _ = load.ContinueWith(finished => finished.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            if (e is TimeoutException)
            {
                throw new Errors.IdentityException(
                    $"reading and checking the certificate and key took longer than the {settings.Timeout.TotalSeconds:0.#} s deadline",
                    "check that --certificate and --private-key name local files (not a hung network mount), or raise --timeout");
            }

            throw;
        }
    }

    /// <summary>Reads and checks the device identity: every local check, before any connection.</summary>
    public DeviceIdentity LoadIdentity(FetchSettings settings)
    {
        var loader = new IdentityLoader(new FileReader(context.WorkingDirectory), context.Clock, () => PasswordSource.FromEnvironmentOrPrompt(context, settings.Identity));
        var identity = loader.Load(settings.Identity);
        context.Trace.Write($"identity: certificate {identity.CertificateId} ({identity.Certificate.Subject}), key {identity.Certificate.GetKeyAlgorithm()}, {identity.Intermediates.Count} intermediate(s), valid until {identity.Certificate.NotAfter.ToUniversalTime():O}");
        return identity;
    }

    /// <summary>One call to the endpoint with an already loaded identity, within <paramref name="timeout"/>.</summary>
    public async Task<TemporaryCredentials> FetchAsync(FetchSettings settings, DeviceIdentity identity, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var files = new FileReader(context.WorkingDirectory);
        var anchors = settings.CaCertPath is null ? TrustAnchors.Embedded() : TrustAnchors.FromFile(files, settings.CaCertPath);
        WarnAboutEndpoint(settings.Request.Endpoint);
        var proxy = ProxyFromEnvironment(settings.Request.Endpoint);
        context.Trace.Write($"trust: {anchors.Description} ({anchors.Certificates.Count} certificate(s)); proxy: {(proxy is System.Net.WebProxy web ? web.Address?.Authority : "none")}; deadline {timeout.TotalSeconds:0.#} s");

        // Our anchors are all we trust, so the system store (slow to load) is never needed.
        NativeEnvironment.DisableSystemTrustStore();
        var recorder = new TlsFailureRecorder();
        var connectTimeout = timeout < TimeSpan.FromSeconds(5) ? timeout : TimeSpan.FromSeconds(5);
        using var handler = MutualTlsHandlerFactory.Create(identity, anchors, recorder, proxy, connectTimeout);
        using var http = new HttpMessageInvoker(handler, disposeHandler: false);
        var provider = new IotCredentialsProvider(http, context.Clock, recorder, Random.Shared.NextDouble, context.Trace, (proxy as System.Net.WebProxy)?.Address);
        return await provider.FetchAsync(settings.Request, timeout, cancellationToken).ConfigureAwait(false);
    }

    private void WarnAboutEndpoint(IotEndpoint endpoint)
    {
        if (endpoint.LooksLikeDataEndpoint)
        {
            ErrorReporter.Warn(context.Stderr, $"{endpoint.Host} looks like the IoT data endpoint (-ats), not the credentials endpoint — use 'aws iot describe-endpoint --endpoint-type iot:CredentialProvider'");
        }
        else if (endpoint.Host.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase) && !endpoint.LooksLikeCredentialsEndpoint)
        {
            ErrorReporter.Warn(context.Stderr, $"{endpoint.Host} does not look like an IoT credentials endpoint (PREFIX.credentials.iot.REGION.amazonaws.com)");
        }
    }

    /// <summary>HTTPS_PROXY / NO_PROXY, read through the context so tests control them. Null: connect directly.</summary>
    private System.Net.IWebProxy? ProxyFromEnvironment(IotEndpoint endpoint)
    {
        var proxy = context.GetEnvironmentVariable("HTTPS_PROXY") ?? context.GetEnvironmentVariable("https_proxy")
            ?? context.GetEnvironmentVariable("ALL_PROXY") ?? context.GetEnvironmentVariable("all_proxy");
        if (string.IsNullOrWhiteSpace(proxy))
        {
            return null;
        }

        var noProxy = context.GetEnvironmentVariable("NO_PROXY") ?? context.GetEnvironmentVariable("no_proxy");
        return ProxySettings.Create(proxy, noProxy, endpoint.Host);
    }
}
