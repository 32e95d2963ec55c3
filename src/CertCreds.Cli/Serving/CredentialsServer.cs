using System.Diagnostics;
using System.Globalization;
using System.Net;
using CertCreds.Emulator.Hosting;
using CertCreds.Platform;
using CertCreds.Errors;
using CertCreds.Serving;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CertCreds.Cli.Serving;

/// <summary>
/// Kestrel (plain HTTP/1.1) in front of a <see cref="ServeRouter"/>: copies each request's few relevant headers
/// out, writes the router's answer back. All behaviour lives in the router; this class only hosts it, with caps
/// that keep a flood of idle sockets from starving real clients (or the process's file descriptors): at most
/// <see cref="MaxConnections"/> open, the oldest closed first, and short header and keep-alive timeouts.
/// </summary>
internal sealed class CredentialsServer : IAsyncDisposable
{
    /// <summary>SDKs hold one or two connections each; far below the usual descriptor limit.</summary>
    public const int MaxConnections = 256;

    private readonly WebApplication _app;
    private int _stopped;

    private CredentialsServer(WebApplication app, IPAddress address, int port)
    {
        _app = app;
        Address = address;
        Port = port;
    }

    public IPAddress Address { get; }

    public int Port { get; }

    /// <summary>
    /// What clients on this machine use: the bound address (IPv6 in brackets), or the loopback address of its family
    /// when bound to every address (0.0.0.0, ::). An IP literal, never a name: every SDK accepts it without DNS.
    /// </summary>
    public string LocalBase => $"http://{AdvertisedHost(Address)}:{Port}";

    public static string AdvertisedHost(IPAddress bound)
    {
        ArgumentNullException.ThrowIfNull(bound);
        var address = bound.Equals(IPAddress.Any) ? IPAddress.Loopback : bound.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : bound;
        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? "[" + address.ToString().Replace("%", "%25", StringComparison.Ordinal) + "]"
            : address.ToString();
    }

    public Uri ContainerUri => new(LocalBase + ServeProtocol.ContainerPath);

    /// <param name="accessLog">One line per request (never a header value), or null for none.</param>
    public static async Task<CredentialsServer> StartAsync(IPAddress address, int port, ServeRouter router, TextWriter? accessLog, TimeProvider clock, CancellationToken cancellationToken)
    {
        // The reload switch keeps the host from watching appsettings files that do not exist.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ApplicationName = "certcreds-serve",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, SignalFreeLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 0;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(5);
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(15);
            var limiter = new ConnectionLimiter(MaxConnections);
            kestrel.Listen(address, port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                _ = listen.Use(limiter.Wrap);
            });
        });
        var app = builder.Build();
        var log = accessLog is null ? null : TextWriter.Synchronized(accessLog);
        app.Run(context => HandleAsync(context, router, log, clock));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CredentialsServer(app, address, new Uri(bound).Port);
    }

    private static Task HandleAsync(HttpContext context, ServeRouter router, TextWriter? log, TimeProvider clock)
    {
        var started = log is null ? 0 : Stopwatch.GetTimestamp();
        var request = context.Request;
        var headers = request.Headers;
        var connection = ConnectionFacts.Of(context);
        var served = router.Handle(new ServeRequest(
            request.Method,
            request.Path.HasValue ? request.Path.Value! : "/",
            First(headers.Authorization),
            First(headers[ServeProtocol.ImdsTokenHeader]),
            First(headers[ServeProtocol.ImdsTokenTtlHeader]),
            headers.ContainsKey(ServeProtocol.ForwardedForHeader),
            connection.FromLoopback)
        {
            Host = First(headers.Host),
            Local = connection.Local,
            FromBrowser = HasBrowserHeader(headers),
            Peer = connection.Peer,
        });
        var response = context.Response;
        response.StatusCode = served.Status;
        response.ContentType = served.ContentType;
        response.ContentLength = served.Body.Length;
        if (served.TokenTtl is not null)
        {
            response.Headers[ServeProtocol.ImdsTokenTtlHeader] = served.TokenTtl;
        }

        if (log is not null)
        {
            // Method, path and status only: tokens travel in headers, which are never logged.
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds.ToString("0.000", CultureInfo.InvariantCulture);
            log.WriteLine($"certcreds serve: {clock.GetUtcNow().UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} {context.Connection.RemoteIpAddress} {request.Method} {Printable(request.Path.Value)} {served.Status} {elapsed} ms");
        }

        return HttpMethods.IsHead(request.Method) ? Task.CompletedTask : response.Body.WriteAsync(served.Body).AsTask();
    }

    /// <summary>Every header name, checked without the list of names that <c>Keys</c> would allocate per request.</summary>
    private static bool HasBrowserHeader(IHeaderDictionary headers)
    {
        foreach (var header in headers)
        {
            if (ServeRequest.IsBrowserHeader(header.Key))
            {
                return true;
            }
        }

        return false;
    }

    private static string? First(Microsoft.Extensions.Primitives.StringValues values) => values.Count == 0 ? null : values[0];

    /// <summary>Keeps one request on one log line whatever a client puts in its path.</summary>
    private static string Printable(string? path) =>
        path is null ? "/" : TerminalText.Escape(string.Concat(path.Take(200).Select(c => c == ' ' ? '?' : c)));

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1.5)))
        {
            await StopAsync(timeout.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
