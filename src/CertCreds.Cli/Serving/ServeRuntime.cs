using System.Net;
using System.Security.Cryptography;
using CertCreds.Errors;
using CertCreds.Keys.Hardware;
using CertCreds.Platform;
using CertCreds.Serving;
using CertCreds.Sources;

namespace CertCreds.Cli.Serving;

/// <summary>
/// One running credentials server with its refresher, shared by <c>serve</c> and <c>exec</c>: a fresh random
/// token, a first fetch, the background refresh loop and Kestrel. Dispose stops the loop, then the server.
/// </summary>
internal sealed class ServeRuntime : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping;
    private readonly Task _refreshLoop;

    private ServeRuntime(string token, CredentialsServer server, ServeState state, CancellationTokenSource stopping, Task refreshLoop)
    {
        Token = token;
        Server = server;
        State = state;
        _stopping = stopping;
        _refreshLoop = refreshLoop;
    }

    /// <summary>The container endpoint's secret. Never logged.</summary>
    public string Token { get; }

    public CredentialsServer Server { get; }

    public ServeState State { get; }

    /// <param name="imds">Who may use the IMDS endpoint (nobody, for exec).</param>
    /// <param name="tolerateTransientStart">True: a first fetch that failed transiently (network, 5xx) is reported and retried in the background while the server answers 503; false: it ends the command.</param>
    public static async Task<ServeRuntime> StartAsync(CliContext context, CredentialSettings settings, IPAddress address, int port, ImdsAccess imds, bool accessLog, bool tolerateTransientStart, CancellationToken cancellationToken)
    {
        // Keys, a remembered password and credentials stay in this process for hours: no core dump, and no other
        // process (even of this user) may read its memory or environment. The child of exec is not affected: execve
        // makes a process dumpable again.
        _ = NativeProcess.MakeNonDumpable();
        var state = new ServeState();
        var refresher = CliCredentials.Service(BackgroundContext(context, settings)).CreateRefresher(settings, state);
        try
        {
            await refresher.FetchOnceAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TransientException e) when (tolerateTransientStart)
        {
            state.Failed(e.Message);
            ErrorReporter.Warn(context.Stderr, $"{e.Message}; serving starts anyway and answers 503 until a retry succeeds");
        }

        var token = NewToken();
        var tokens = new ImdsTokenStore(context.Clock);
        var router = new ServeRouter(token, settings.Source.RoleName, state, tokens, context.Clock, imds);
        var server = await StartServerAsync(address, port, router, accessLog ? context.Stderr : null, context.Clock, cancellationToken).ConfigureAwait(false);
        var stopping = new CancellationTokenSource();
        var loop = Task.Run(() => refresher.RunAsync(stopping.Token), CancellationToken.None);
        return new ServeRuntime(token, server, state, stopping, loop);
    }

    private static async Task<CredentialsServer> StartServerAsync(IPAddress address, int port, ServeRouter router, TextWriter? accessLog, TimeProvider clock, CancellationToken cancellationToken)
    {
        try
        {
            return await CredentialsServer.StartAsync(address, port, router, accessLog, clock, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ListenFailure.Matches(e))
        {
            throw ListenFailure.Create(e, address.ToString(), port);
        }
    }

    /// <summary>
    /// Refreshes run in the background, where a password prompt would block the loop (and steal the terminal)
    /// until the credentials expire. So nothing is ever prompted after start: an encrypted PEM key whose password
    /// comes from neither a file nor CERTCREDS_PRIVATE_KEY_PASSWORD is asked for once, now, and remembered in
    /// memory for every refresh. The same for a token PIN that no URI, file or CERTCREDS_PKCS11_PIN gives (the token
    /// key is kept loaded, so the PIN is needed again only after a token error).
    /// </summary>
    private static CliContext BackgroundContext(CliContext context, CredentialSettings settings)
    {
        const string PasswordVariable = "CERTCREDS_PRIVATE_KEY_PASSWORD";
        const string PinVariable = "CERTCREDS_PKCS11_PIN";
        string? remembered = null;
        string? pin = null;
        if (context.IsInteractive && settings.Identity.PasswordFile is null && string.IsNullOrEmpty(context.GetEnvironmentVariable(PinVariable))
            && settings.Identity.PrivateKeyPath is { } uriText && Pkcs11Uri.IsPkcs11Uri(uriText)
            && Pkcs11Uri.Parse(uriText, "--private-key") is { PinValue: null, PinSource: null } uri)
        {
            pin = new TerminalPinPrompt(context.Stderr).ReadPin($"PIN for {uri}: ");
        }
        else if (context.IsInteractive && settings.Identity.PasswordFile is null && string.IsNullOrEmpty(context.GetEnvironmentVariable(PasswordVariable))
            && settings.Identity.PrivateKeyPath is { } keyPath && !Pkcs11Uri.IsPkcs11Uri(keyPath) && IsEncryptedPem(Path.Combine(context.WorkingDirectory, keyPath)))
        {
            remembered = PasswordSource.FromEnvironmentOrPrompt(context, settings.Identity);
        }

        return context with
        {
            IsInteractive = false,
            GetEnvironmentVariable = name => name == PasswordVariable && remembered is not null ? remembered
                : name == PinVariable && pin is not null ? pin
                : context.GetEnvironmentVariable(name),
        };
    }

    private static bool IsEncryptedPem(string path)
    {
        try
        {
            // Bounded and regular files only (a FIFO would block here); the real read reports what is wrong.
            var bytes = NativeFile.ReadRegularFile(path, FileReader.MaxInputBytes, followLinks: true);
            try
            {
                return bytes.AsSpan().IndexOf("-----BEGIN ENCRYPTED PRIVATE KEY-----"u8) >= 0;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(bytes);
            }
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>256 random bits, base64url: safe in a header and in an environment variable.</summary>
    private static string NewToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _refreshLoop.ConfigureAwait(false);
        await Server.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}
