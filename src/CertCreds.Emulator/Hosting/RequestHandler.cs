using CertCreds.Emulator.Credentials;
using CertCreds.Emulator.Decisions;
using CertCreds.Emulator.Faults;
using CertCreds.Emulator.Logging;
using CertCreds.Emulator.Registry;
using CertCreds.Protocol;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace CertCreds.Emulator.Hosting;

/// <summary>
/// The one HTTP handler: gathers TLS and HTTP facts, takes the next fault, decides, obtains credentials,
/// renders, logs, and writes (or misbehaves at the transport level: delay, hang, reset).
/// </summary>
internal sealed class RequestHandler(EmulatorRegistry registry, ICredentialSource credentials, EmulatorJournal journal, TimeProvider time, CancellationToken stopping)
{
    /// <summary>Connection item where the handshake stores the SNI name it saw.</summary>
    public const string SniItemKey = "certcreds.sni";

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString();
        var document = registry.Current;
        var fault = registry.Faults.TryDequeue();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var cancellationToken = linked.Token;
        var request = ReadRequest(context);

        if (fault?.Kind == FaultKind.Hang)
        {
            Log(request, requestId, 0, "hang: no answer", fault);
            await WaitAsync(Timeout.InfiniteTimeSpan, cancellationToken);
            context.Abort();
            return;
        }

        if (fault?.Kind == FaultKind.Delay && !await WaitAsync(TimeSpan.FromMilliseconds(fault.DelayMilliseconds ?? 1000), cancellationToken))
        {
            Log(request, requestId, 0, "delay: client went away", fault);
            context.Abort();
            return;
        }

        var now = time.GetUtcNow();
        ProviderResponse response;
        string? message;
        if (fault?.Kind is FaultKind.Status or FaultKind.Throttle)
        {
            response = ResponseRenderer.RenderScripted(fault, document.Settings, requestId, now);
            message = fault.Message ?? "scripted";
        }
        else
        {
            var decision = DecisionEngine.Decide(request, document);
            IssuedCredentials? issued = null;
            if (decision.Grant is { } grant)
            {
                issued = await credentials.IssueAsync(grant, now, cancellationToken);
                if (issued is null)
                {
                    decision = Decision.Error(400, IotProtocol.UnableToAssumeRoleMessage, document.Settings.UnableToAssumeErrorType);
                }
                else
                {
                    journal.Record(new IssuanceLogEntry(
                        now, requestId, grant.CertificateId, grant.RoleAlias, grant.RoleArn, issued.AccessKeyId,
                        issued.Expiration.UtcDateTime.ToString(IotProtocol.ExpirationFormat, System.Globalization.CultureInfo.InvariantCulture), issued.Source));
                }
            }

            response = ResponseRenderer.Render(decision, issued, document.Settings, requestId, Guid.NewGuid().ToString(), now, fault);
            message = decision.Message;
        }

        Log(request, requestId, response.Status, message, fault);
        await WriteAsync(context, response, fault?.Kind, cancellationToken);
    }

    private static ProviderRequest ReadRequest(HttpContext context)
    {
        var sni = context.Features.Get<ITlsHandshakeFeature>()?.HostName;
        if (string.IsNullOrEmpty(sni) && context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(SniItemKey, out var seen) == true)
        {
            sni = seen as string;
        }

        var host = context.Request.Headers.Host.ToString();
        var thing = context.Request.Headers.TryGetValue(IotProtocol.ThingNameHeader, out var values) ? values.ToString() : null;
        return new ProviderRequest(
            context.Connection.ClientCertificate?.RawData,
            string.IsNullOrEmpty(sni) ? null : sni,
            string.IsNullOrEmpty(host) ? null : host,
            context.Request.Method,
            context.Request.Path.Value ?? "",
            thing);
    }

    internal static async Task WriteAsync(HttpContext context, ProviderResponse response, FaultKind? fault, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (response.Header("Date") is null && context.Features.Get<IConnectionItemsFeature>() is { } connection)
        {
            // Kestrel adds a Date header of its own to every answer; the connection's output stream removes it.
            connection.Items[DateStrippingStream.ArmItemKey] = true;
        }

        context.Response.ContentLength = response.Body.Length;
        try
        {
            if (fault is FaultKind.ResetMidBody or FaultKind.StallMidBody)
            {
                await context.Response.Body.WriteAsync(response.Body.AsMemory(0, response.Body.Length / 2), cancellationToken);
                await context.Response.Body.FlushAsync(cancellationToken);
                if (fault == FaultKind.StallMidBody)
                {
                    _ = await WaitAsync(Timeout.InfiniteTimeSpan, cancellationToken);
                    context.Abort();
                    return;
                }

                // Give the partial answer time to leave the socket: an immediate abort can discard it unsent.
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
                context.Abort();
                return;
            }

            await context.Response.Body.WriteAsync(response.Body, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            context.Abort();
        }
    }

    internal static async Task<bool> WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            // Wall-clock on purpose: delays and hangs are observed by the client's real timers, not the injected clock.
            await Task.Delay(delay, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Log(ProviderRequest request, string requestId, int status, string? message, FaultSpec? fault) =>
        journal.Record(new RequestLogEntry(
            time.GetUtcNow(), requestId, request.CertificateId, request.Sni, request.Host, request.Method, request.Path,
            request.ThingName, status, message, fault?.Kind.ToString()));
}
