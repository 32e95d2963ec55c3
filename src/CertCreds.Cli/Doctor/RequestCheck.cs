using System.Net;
using CertCreds.Credentials;
using CertCreds.Errors;
using CertCreds.Output;
using CertCreds.Providers;

namespace CertCreds.Cli.Doctor;

/// <summary>
/// <c>request</c>, <c>clock</c> and <c>lifetime</c>: the source's own request (<see cref="Sources.ICredentialSource.ProbeAsync"/>),
/// sent once without retries over the source's own connection and proxy, so the answer (status, Date) is seen as
/// it is; then this device's clock against the answer's Date, and how long the credentials live.
/// </summary>
internal sealed class RequestCheck : IDoctorCheck
{
    private static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan NoticeableSkew = TimeSpan.FromSeconds(30);

    public async Task RunAsync(DoctorRun run, CancellationToken cancellationToken)
    {
        if (run.Identity is null || run.Anchors is null || !run.ConnectionOk)
        {
            run.Add(CheckResult.Skip("request", "needs the checks above to pass"));
            return;
        }

        var timeout = run.StepTimeout(run.Settings.Timeout);
        var proxy = run.Service.ProxyFor(run.Source);
        using var connection = run.Service.Connect(run.Source, run.Identity, run.Anchors, proxy, timeout);
        var probe = await run.Source.ProbeAsync(run.Identity, connection.Connection, timeout, cancellationToken).ConfigureAwait(false);
        var now = run.Context.Clock.GetUtcNow();
        if (probe.Status is null)
        {
            var e = probe.Failure!;
            if (proxy is WebProxy { Address: { } proxyAddress } && e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.ProxyTunnelError })
            {
                // Every connection goes to the proxy first: its failure is the proxy's, not the endpoint's.
                run.Add(CheckResult.Fail("request", $"{probe.Request} failed at the proxy {proxyAddress.Host}:{proxyAddress.Port} from HTTPS_PROXY: {NetworkFault.Describe(e)}", "check HTTPS_PROXY (host, port, credentials) and that the proxy allows CONNECT to the endpoint, or exempt the endpoint with NO_PROXY", ExitCodes.Transient));
                return;
            }

            run.Add(CheckResult.Fail("request", $"{probe.Request} failed: {(e is OperationCanceledException ? "no answer within the timeout" : NetworkFault.Describe(e))}", connection.Connection.Tls.LastFailure ?? "check the network path to the endpoint and any proxy", ExitCodes.Transient));
            return;
        }

        if (probe.Failure is HttpRequestException or IOException or OperationCanceledException)
        {
            run.Add(CheckResult.Fail("request", $"the endpoint answered {probe.Status} but its body {(probe.Failure is OperationCanceledException ? "did not arrive within the timeout" : "broke off")}", "check --endpoint and any proxy; raise --timeout for a slow network", ExitCodes.Transient));
            return;
        }

        TemporaryCredentials? credentials = null;
        if (probe.Failure is CertCredsException rejected)
        {
            run.Add(CheckResult.Fail("request", rejected.Message, rejected.Hint, rejected.ExitCode));
        }
        else if (probe.Outcome is AttemptOutcome.Retryable retryable)
        {
            run.Add(CheckResult.Fail("request", $"the endpoint answered {retryable.Reason}, a failure that may pass", retryable.Status == 429 ? $"the {(run.Source is Sources.RolesAnywhereSource ? "CreateSession" : "AssumeRoleWithCertificate")} rate limit was hit: call less often (cache credentials)" : "the service is having trouble: try again shortly", ExitCodes.Transient));
        }
        else if (probe.Outcome is AttemptOutcome.Success success)
        {
            credentials = success.Credentials;
            run.Add(CheckResult.Pass("request", $"{probe.Status}: credentials for {credentials.AccessKeyId}{(probe.RequestId is null ? string.Empty : $" (request id {probe.RequestId})")}"));
        }

        CheckClock(run, probe.ServerDate, now);
        if (credentials is not null)
        {
            CheckLifetime(run, credentials, now);
        }
        else
        {
            run.Add(CheckResult.Skip("lifetime", "no credentials were issued"));
        }
    }

    private static void CheckClock(DoctorRun run, DateTimeOffset? serverDate, DateTimeOffset now)
    {
        if (serverDate is null)
        {
            run.Add(CheckResult.Warn("clock", "the endpoint sent no Date header, so this device's clock could not be compared", "make sure the clock is synchronised (timedatectl status)"));
            return;
        }

        // Date has whole seconds: up to one second of difference is rounding, not skew.
        var skew = now - serverDate.Value;
        var size = skew.Duration();
        var text = $"this device's clock is {DoctorRun.FormatDuration(size)} {(skew > TimeSpan.Zero ? "ahead of" : "behind")} the endpoint's";
        var signed = run.Source is Sources.RolesAnywhereSource;
        if (size > MaxSkew)
        {
            run.Add(CheckResult.Fail("clock", text, "fix the clock (timedatectl set-ntp true, chrony or ntpd): with more than 5 min of skew AWS rejects signed requests and fresh credentials look expired", ExitCodes.InvalidResponse));
        }
        else if (size > NoticeableSkew)
        {
            run.Add(CheckResult.Warn("clock", signed ? $"{text}; IAM Roles Anywhere refuses signatures more than 5 min off" : text, "enable time synchronisation (timedatectl set-ntp true)"));
        }
        else
        {
            // A signed request (Roles Anywhere) fails outright beyond 5 min, so the offset is always worth showing.
            run.Add(CheckResult.Pass("clock", signed ? $"{text} (SigV4 allows up to 5 min)" : "this device's clock agrees with the endpoint's Date header"));
        }
    }

    private static void CheckLifetime(DoctorRun run, TemporaryCredentials credentials, DateTimeOffset now)
    {
        var left = credentials.Remaining(now);
        var text = $"the credentials are valid for {DoctorRun.FormatDuration(left)} (until {CredentialProcessOutput.FormatExpiration(credentials.Expiration)})";
        run.Add(RefreshWindow.IsInsideAdvisoryWindow(credentials, now)
            ? CheckResult.Warn("lifetime", text + "; AWS clients refresh when fewer than 15 min remain, so they would run certcreds on every call", run.Source.LongerLifetimeFix)
            : CheckResult.Pass("lifetime", text + ", longer than the AWS clients' 15 min refresh window"));
    }
}
