using System.Net;
using System.Security.Cryptography;
using CertCreds.Certificates;
using CertCreds.Credentials;
using CertCreds.Errors;
using CertCreds.Platform;
using CertCreds.Providers;
using CertCreds.Serving;

namespace CertCreds.Sources;

/// <summary>
/// The one way every verb (and the SDK library) gets credentials: the device identity (local checks first,
/// within the deadline), trust anchors, proxy, the source's own connection and request, the encrypted
/// cross-process cache and the background refresher. Commands parse options, call this, and print.
/// </summary>
public sealed class CredentialService(CredentialEnvironment environment)
{
    private static readonly TimeSpan MaxConnectTimeout = TimeSpan.FromSeconds(5);

    public CredentialEnvironment Environment { get; } = environment ?? throw new ArgumentNullException(nameof(environment));

    private TimeProvider Clock => Environment.Clock;

    /// <summary>Loads the identity, then asks the source once (retries within the deadline included). No cache.</summary>
    public async Task<TemporaryCredentials> FetchAsync(CredentialSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var started = Clock.GetTimestamp();
        using var identity = await LoadIdentityAsync(settings, cancellationToken).ConfigureAwait(false);
        return await FetchAsync(settings, identity, Remaining(settings, started), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Through the cache in <paramref name="store"/>: a fresh entry for this source, request and certificate is
    /// returned without a request; otherwise one process fetches and stores while the others wait for it.
    /// </summary>
    public async Task<CacheResult> FetchThroughCacheAsync(CredentialSettings settings, CacheStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(store);
        var started = Clock.GetTimestamp();
        using var identity = await LoadIdentityAsync(settings, cancellationToken).ConfigureAwait(false);
        var key = CacheKeyFor(settings.Source, identity);
        CacheCipher cipher;
        try
        {
            cipher = CacheCipher.Create(identity.Certificate, key, identity.KeyInHardware);
        }
        catch (CryptographicException e)
        {
            // A key that cannot do the derivation (a sign-only EC key in a token) means no disk cache: every call asks
            // the endpoint (serve and exec keep credentials in memory instead). Said once per call, in the trace.
            Environment.Trace.Write($"cache: not used for this key ({e.Message}); asking the endpoint");
            var direct = await FetchAsync(settings, identity, Remaining(settings, started), cancellationToken).ConfigureAwait(false);
            return new CacheResult(direct, CacheOutcome.Fetched, null) { Entry = new CachedCredentials(direct, Clock.GetUtcNow()) };
        }

        using (cipher)
        {
            var cache = new Credentials.CredentialCache(store, Clock);
            var result = await cache.GetAsync(key, cipher, (remaining, token) => FetchAsync(settings, identity, remaining, token), Remaining(settings, started), cancellationToken).ConfigureAwait(false);
            Environment.Trace.Write($"cache: {result.Outcome} (entry {key.Id[..12]}… in {store.Directory}), credentials {result.Credentials.AccessKeyId} until {result.Credentials.Expiration:O}");
            return result;
        }
    }

    /// <summary>The cache entry for this source's request made with this certificate.</summary>
    public static CacheKey CacheKeyFor(ICredentialSource source, DeviceIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(identity);
        return new CacheKey(source.Kind, source.CacheKeyParts, identity.CertificateId);
    }

    /// <summary>The keyring warm-cache key for <paramref name="settings"/> (see <see cref="WarmCacheKeys"/>); no identity is loaded.</summary>
    public WarmCacheKey? WarmCacheKeyFor(CredentialSettings settings, string? cacheDirectory = null) =>
        WarmCacheKeys.For(settings, Environment.Files, Environment.KeySources, System.Environment.ProcessPath, cacheDirectory);

    /// <summary>
    /// The loop that keeps <paramref name="state"/> supplied for <c>serve</c> and <c>exec</c>: each refresh loads the
    /// identity again (rotated files are picked up) and asks the source; failures are reported through <see cref="CredentialEnvironment.Warn"/>.
    /// </summary>
    /// <para>
    /// A key in hardware is loaded (one PIN login) once and kept for the process's life: a token has no rotated files
    /// to pick up, and every reload would cost a login. After a refresh fails with the token's key (the token was
    /// removed, the daemon restarted, the session died), the next refresh loads it once again.
    /// </para>
    public CredentialRefresher CreateRefresher(CredentialSettings settings, ServeState state)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var keySource = Keys.KeySources.For(Environment.KeySources, settings.Identity.PrivateKeyPath);
        if (keySource is not Keys.FileKeySource)
        {
            var held = new HeldIdentity(this, settings);
            return new(held.FetchAsync, state, Clock, Environment.Jitter, Environment.Warn);
        }

        return new(token => FetchInBackgroundAsync(settings, token), state, Clock, Environment.Jitter, Environment.Warn)
        {
            // The first fetch is waited for by the command starting up: it keeps the in-call retries.
            StartFetch = token => FetchAsync(settings, token),
        };
    }

    /// <summary>
    /// <see cref="FetchAsync(CredentialSettings, CancellationToken)"/> for a caller with its own retry schedule (serve's
    /// refresher, the SDK library): a 429 ends the call after one request instead of being retried within it.
    /// </summary>
    public async Task<TemporaryCredentials> FetchInBackgroundAsync(CredentialSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var started = Clock.GetTimestamp();
        using var identity = await LoadIdentityAsync(settings, cancellationToken).ConfigureAwait(false);
        return await FetchAsync(settings, identity, Remaining(settings, started), retryThrottling: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What is left of the deadline after the local work that began at <paramref name="started"/>.</summary>
    public TimeSpan Remaining(CredentialSettings settings, long started)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var left = settings.Timeout - Clock.GetElapsedTime(started);
        return left > TimeSpan.FromMilliseconds(1) ? left : TimeSpan.FromMilliseconds(1);
    }

    /// <summary>
    /// <see cref="LoadIdentity"/> off the invoking thread, so that SIGINT/SIGTERM (which cancel
    /// <paramref name="cancellationToken"/>) end a one-shot verb at once even while a file read or a key
    /// derivation is slow (a hung network mount, a huge PBKDF2 iteration count), and, unless a person may be
    /// typing a password at a prompt, within the deadline: it covers local work too.
    /// </summary>
    public async Task<DeviceIdentity> LoadIdentityAsync(CredentialSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var load = Task.Run(() => LoadIdentity(settings), CancellationToken.None);
        try
        {
            return Environment.IsInteractive
                ? await load.WaitAsync(cancellationToken).ConfigureAwait(false)
                : await load.WaitAsync(settings.Timeout, Clock, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            // The abandoned load still owns a key if it ever finishes.
            _ = load.ContinueWith(finished => finished.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            if (e is TimeoutException)
            {
                throw new IdentityException(
                    $"reading and checking the certificate and key took longer than the {settings.Timeout.TotalSeconds:0.#} s deadline",
                    "check that --certificate and --private-key name local files (not a hung network mount), or raise --timeout");
            }

            throw;
        }
    }

    /// <summary>
    /// <see cref="LoadIdentity(IdentityOptions)"/> for this source: a key that can only sign (a TPM handle) is refused
    /// before it is touched when the source authenticates the TLS client with it.
    /// </summary>
    public DeviceIdentity LoadIdentity(CredentialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var keySource = Keys.KeySources.For(Environment.KeySources, settings.Identity.PrivateKeyPath);
        if (keySource.SigningOnly && settings.Source.AuthenticatesTlsClient)
        {
            throw new IdentityException(
                $"the TPM key {TerminalText.Escape(settings.Identity.PrivateKeyPath ?? string.Empty)} can only sign, and the {settings.Source.Kind} source needs it for mutual TLS, which OpenSSL cannot do with a tpm2-openssl key",
                "give the key through tpm2-pkcs11 as --private-key 'pkcs11:token=…;object=…', or use it with Roles Anywhere");
        }

        return LoadIdentity(settings.Identity);
    }

    /// <summary>Reads and checks the device identity: every local check, before any connection.</summary>
    public DeviceIdentity LoadIdentity(IdentityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var loader = new IdentityLoader(Environment.Files, Clock, () => Environment.Password(options), Environment.KeySources)
        {
            GetEnvironmentVariable = Environment.GetEnvironmentVariable,
            PinPrompt = Environment.PinPrompt,
        };
        var identity = loader.Load(options);
        Environment.Trace.Write($"identity: certificate {identity.CertificateId} ({identity.Certificate.Subject}), key {identity.Certificate.GetKeyAlgorithm()} in {(identity.KeyDescription ?? identity.KeyKind)}, {identity.Intermediates.Count} intermediate(s), valid until {identity.Certificate.NotAfter.ToUniversalTime():O}");
        return identity;
    }

    /// <summary>The trust anchors for the source's endpoint: --ca-cert, else the embedded Amazon roots.</summary>
    public TrustAnchors LoadAnchors(CredentialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.CaCertPath is null ? TrustAnchors.Embedded() : TrustAnchors.FromFile(Environment.Files, settings.CaCertPath);
    }

    /// <summary>HTTPS_PROXY / ALL_PROXY with NO_PROXY, for the source's host. Null: connect directly.</summary>
    public IWebProxy? ProxyFor(ICredentialSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var read = Environment.GetEnvironmentVariable;
        var proxy = read("HTTPS_PROXY") ?? read("https_proxy") ?? read("ALL_PROXY") ?? read("all_proxy");
        if (string.IsNullOrWhiteSpace(proxy))
        {
            return null;
        }

        return ProxySettings.Create(proxy, read("NO_PROXY") ?? read("no_proxy"), source.Host);
    }

    /// <summary>One call to the source with an already loaded identity, within <paramref name="timeout"/>.</summary>
    public Task<TemporaryCredentials> FetchAsync(CredentialSettings settings, DeviceIdentity identity, TimeSpan timeout, CancellationToken cancellationToken) =>
        FetchAsync(settings, identity, timeout, retryThrottling: true, cancellationToken);

    private async Task<TemporaryCredentials> FetchAsync(CredentialSettings settings, DeviceIdentity identity, TimeSpan timeout, bool retryThrottling, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var source = settings.Source;
        var anchors = LoadAnchors(settings);
        if (source.EndpointWarning is { } warning)
        {
            Environment.Warn(warning);
        }

        var proxy = ProxyFor(source);
        Environment.Trace.Write($"trust: {anchors.Description} ({anchors.Certificates.Count} certificate(s)); proxy: {(proxy is WebProxy web ? web.Address?.Authority : "none")}; deadline {timeout.TotalSeconds:0.#} s");
        using var connection = Connect(source, identity, anchors, proxy, timeout, retryThrottling);
        return await source.FetchAsync(identity, connection.Connection, timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The source's own handler and a connection over it; dispose it when the call is done.</summary>
    public OpenConnection Connect(ICredentialSource source, DeviceIdentity identity, TrustAnchors anchors, IWebProxy? proxy, TimeSpan timeout) =>
        Connect(source, identity, anchors, proxy, timeout, retryThrottling: true);

    /// <summary>As above; <paramref name="retryThrottling"/> false for callers with their own retry schedule (see <see cref="SourceConnection.RetryThrottling"/>).</summary>
    public OpenConnection Connect(ICredentialSource source, DeviceIdentity identity, TrustAnchors anchors, IWebProxy? proxy, TimeSpan timeout, bool retryThrottling)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (Environment.MayChangeProcessEnvironment)
        {
            // Our anchors are all we trust, so the system store (slow to load) is never needed.
            NativeEnvironment.DisableSystemTrustStore();
        }

        var recorder = new TlsFailureRecorder();
        var connectTimeout = timeout < MaxConnectTimeout ? timeout : MaxConnectTimeout;
        var handler = source.CreateHandler(identity, anchors, new SourceTransport(recorder, proxy, connectTimeout));
        var http = new HttpMessageInvoker(handler, disposeHandler: true);
        return new OpenConnection(http, new SourceConnection(http, recorder, Clock, Environment.Jitter, Environment.Trace, (proxy as WebProxy)?.Address) { RetryThrottling = retryThrottling });
    }
}
