using System.IO.Pipelines;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using CertCreds.Emulator.Credentials;
using CertCreds.Emulator.Faults;
using CertCreds.Emulator.Logging;
using CertCreds.Emulator.Pki;
using CertCreds.Emulator.Registry;
using CertCreds.Emulator.State;
using CertCreds.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CertCreds.Emulator.Hosting;

/// <summary>
/// A running emulator: Kestrel on 127.0.0.1, HTTP/1.1, TLS 1.2/1.3, two listeners. The IoT credentials provider asks
/// for a client certificate but accepts any (the decision happens at the HTTP level, as in AWS); the Roles Anywhere
/// listener asks for none and verifies each CreateSession's SigV4-X509 signature and chain instead. Dispose to stop: hung requests are
/// released first, then Kestrel drains.
/// </summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private readonly EmulatorJournal _journal;
    private readonly IDisposable? _credentialSource;
    private readonly X509Certificate2 _serverCertificate;
    private int _stopped;

    /// <summary>Connection item that marks a connection accepted by the Roles Anywhere listener.</summary>
    private const string SessionListenerItemKey = "certcreds.rolesanywhere";

    private EmulatorServer(WebApplication app, CancellationTokenSource stopping, EmulatorJournal journal, IDisposable? credentialSource, X509Certificate2 serverCertificate, X509Certificate2 root, EmulatorRegistry registry, EmulatorStateDirectory? stateDirectory, string hostName, int port, int rolesAnywherePort)
    {
        RolesAnywherePort = rolesAnywherePort;
        _app = app;
        _stopping = stopping;
        _journal = journal;
        _credentialSource = credentialSource;
        _serverCertificate = serverCertificate;
        RootCertificate = root;
        Registry = registry;
        StateDirectory = stateDirectory;
        HostName = hostName;
        Port = port;
    }

    /// <summary>The bound port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The Roles Anywhere listener's port on 127.0.0.1 (HTTPS, no client certificate requested).</summary>
    public int RolesAnywherePort { get; }

    /// <summary><c>host:port</c> of the Roles Anywhere listener, what a client passes as <c>--endpoint</c>.</summary>
    public string RolesAnywhereEndpoint => $"{HostName}:{RolesAnywherePort}";

    /// <summary>The endpoint host name clients must use for SNI and Host (setting <c>hostName</c> at start).</summary>
    public string HostName { get; }

    /// <summary><c>host:port</c>, what a client passes as <c>--endpoint</c>.</summary>
    public string Endpoint => $"{HostName}:{Port}";

    /// <summary>The root that issued the server certificate: the clients' trust anchor.</summary>
    public X509Certificate2 RootCertificate { get; }

    public EmulatorRegistry Registry { get; }

    public FaultScript Faults => Registry.Faults;

    /// <summary>Scripted faults for the Roles Anywhere listener (its own queue, so IoT requests never take them).</summary>
    public FaultScript RolesAnywhereFaults => Registry.RolesAnywhereFaults;

    /// <summary>Null for an in-memory emulator.</summary>
    public EmulatorStateDirectory? StateDirectory { get; }

    public IReadOnlyList<RequestLogEntry> Requests => _journal.Requests;

    public IReadOnlyList<IssuanceLogEntry> Issued => _journal.Issued;

    /// <summary>Every answered CreateSession request, newest last.</summary>
    public IReadOnlyList<SessionLogEntry> Sessions => _journal.Sessions;

    public static async Task<EmulatorServer> StartAsync(EmulatorServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var state = options.StateDirectory;
        var registry = state?.Registry ?? EmulatorRegistry.InMemory(options.Registry, options.Log);
        var settings = registry.Current.Settings;
        X509Certificate2 root;
        X509Certificate2 serverCertificate;
        if (state is not null)
        {
            root = state.LoadRootCertificate();
            serverCertificate = state.LoadServerCertificate(settings.HostName);
        }
        else
        {
            root = EmulatorPki.CreateRootCa("certcreds emulator root CA (throwaway, in memory)");
            serverCertificate = EmulatorPki.IssueServerCertificate(root, settings.HostName);
        }

        if (settings.StsEndpoint is { Length: > 0 })
        {
            options.Log.WriteLine($"certcreds emulator: warning: {Path.GetFileName(state?.RegistryPath ?? "the registry")}'s stsEndpoint is ignored; pass --sts-endpoint on the command line instead");
        }

        var stsEndpoint = options.StsEndpoint;
        var caller = options.StsCallerCredentials ?? (options.StsUseEnvironmentCredentials ? null : new Amazon.Runtime.BasicAWSCredentials("AKIAEMULATORDUMMYKEY", "certcreds-emulator-dummy-secret"));
        ICredentialSource credentials = stsEndpoint is null
            ? new LocalCredentialMinter()
            : new StsCredentialSource(stsEndpoint, settings.Region, caller, options.Log);
        var journal = new EmulatorJournal(state?.Path);
        var stopping = new CancellationTokenSource();
        var handler = new RequestHandler(registry, credentials, journal, options.TimeProvider, stopping.Token);
        var sessions = new SessionHandler(registry, credentials, journal, options.TimeProvider, stopping.Token);
        ListenOptions? rolesAnywhereListen = null;

        // The reload switch keeps the host from putting an inotify watch on appsettings files: tests start many servers.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ApplicationName = "certcreds-emulator",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, SignalFreeLifetime>();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    // The selector is the hook that sees the SNI name on every handshake; Kestrel leaves
                    // ITlsHandshakeFeature.HostName empty when a fixed certificate is configured.
                    ServerCertificateSelector = (connection, sni) =>
                    {
                        if (connection is not null)
                        {
                            connection.Items[RequestHandler.SniItemKey] = sni;
                        }

                        return serverCertificate;
                    },
                    SslProtocols = settings.Tls12Only ? SslProtocols.Tls12 : SslProtocols.Tls12 | SslProtocols.Tls13,
                    ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                    ClientCertificateValidation = (_, _, _) => true,
                    CheckCertificateRevocation = false,
                });

                UseDateStripping(listen);
            });

            // Roles Anywhere authenticates by signature, not by TLS: the same server certificate, no client certificate asked for.
            kestrel.Listen(IPAddress.Loopback, options.RolesAnywherePort, listen =>
            {
                rolesAnywhereListen = listen;
                listen.Protocols = HttpProtocols.Http1;
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = serverCertificate,
                    SslProtocols = settings.Tls12Only ? SslProtocols.Tls12 : SslProtocols.Tls12 | SslProtocols.Tls13,
                    ClientCertificateMode = ClientCertificateMode.NoCertificate,
                    CheckCertificateRevocation = false,
                });
                listen.Use(next => connection =>
                {
                    connection.Items[SessionListenerItemKey] = true;
                    return next(connection);
                });
                UseDateStripping(listen);
            });
        });
        var app = builder.Build();
        app.Run(context =>
            context.Features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionItemsFeature>()?.Items.ContainsKey(SessionListenerItemKey) == true
                ? sessions.HandleAsync(context)
                : handler.HandleAsync(context));
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (Exception e)
        {
            await app.DisposeAsync();
            journal.Dispose();
            stopping.Dispose();
            (credentials as IDisposable)?.Dispose();
            if (ListenFailure.Matches(e))
            {
                // A port in use is the user's to change, not a crash of the emulator. Which of the two it was is not
                // told apart by Kestrel's exception; name the fixed one when only one was fixed.
                throw ListenFailure.Create(e, IPAddress.Loopback.ToString(), options.Port == 0 && options.RolesAnywherePort != 0 ? options.RolesAnywherePort : options.Port);
            }

            throw;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a).Port).ToList();

        // Kestrel writes the bound endpoint back into each ListenOptions, which tells the two port-0 listeners apart.
        var rolesAnywherePort = (rolesAnywhereListen?.IPEndPoint?.Port is > 0 and var bound) ? bound : addresses.Last();
        var port = addresses.First(p => p != rolesAnywherePort);
        // roles-anywhere.json first: whoever waits for DIR/endpoint then finds both.
        state?.WriteRolesAnywhereEndpoint(settings.HostName, rolesAnywherePort);
        state?.WriteEndpoint(settings.HostName, port);
        return new EmulatorServer(app, stopping, journal, credentials as IDisposable, serverCertificate, root, registry, state, settings.HostName, port, rolesAnywherePort);
    }

    /// <summary>Stops accepting, releases hung requests, and waits for the rest (abandoned when <paramref name="cancellationToken"/> fires).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await StopAsync(timeout.Token);
        }

        await _app.DisposeAsync();
        _journal.Dispose();
        _credentialSource?.Dispose();
        _stopping.Dispose();
        _serverCertificate.Dispose();
        RootCertificate.Dispose();
    }

    /// <summary>
    /// Runs on the decrypted stream, so the missingDate fault can edit the response head; both listeners (IoT and
    /// Roles Anywhere) take it.
    /// </summary>
    private static void UseDateStripping(ListenOptions listen) =>
        listen.Use(next => async connection =>
        {
            var transport = connection.Transport;
            await using var output = new DateStrippingStream(transport.Output.AsStream(leaveOpen: true), connection.Items);
            connection.Transport = new DuplexPipe(transport.Input, PipeWriter.Create(output, new StreamPipeWriterOptions(leaveOpen: true)));
            try
            {
                await next(connection);
            }
            finally
            {
                connection.Transport = transport;
            }
        });
}
