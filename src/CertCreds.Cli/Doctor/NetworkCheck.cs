using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CertCreds.Errors;

namespace CertCreds.Cli.Doctor;

/// <summary>
/// <c>dns</c> and <c>tcp</c>: the source's host resolves and its port accepts a connection. Through HTTPS_PROXY these
/// are the proxy's steps: reported as skipped, and the request below still runs.
/// </summary>
internal sealed class NetworkCheck : IDoctorCheck
{
    public async Task RunAsync(DoctorRun run, CancellationToken cancellationToken)
    {
        run.StartNetworkClock();
        if (!string.IsNullOrEmpty(run.HttpsProxy))
        {
            run.Add(CheckResult.Skip("dns+tcp", $"HTTPS_PROXY is set, so the proxy resolves and connects to {run.Authority}"));
            run.ConnectionOk = true;
            return;
        }

        run.ConnectionOk = await ReachableAsync(run, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> ReachableAsync(DoctorRun run, CancellationToken cancellationToken)
    {
        var host = run.Source.Host;
        var port = run.Source.Port;
        IPAddress[] addresses;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(run.StepTimeout(TimeSpan.FromSeconds(5)));
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host, timeout.Token).ConfigureAwait(false);
            run.Add(CheckResult.Pass("dns", $"{host} resolves to {string.Join(", ", addresses.Take(3).Select(a => a.ToString()))}"));
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            run.Add(CheckResult.Fail("dns", $"{host} could not be resolved ({NetworkFault.Describe(e)})", "check the endpoint's spelling and this machine's DNS; for a VPC endpoint, add the private DNS record for the public credentials host", ExitCodes.Transient));
            run.Add(CheckResult.Skip("tcp", "needs DNS"));
            return false;
        }

        var errors = new List<string>();
        foreach (var address in addresses)
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            connect.CancelAfter(run.StepTimeout(TimeSpan.FromSeconds(5)));
            try
            {
                await socket.ConnectAsync(address, port, connect.Token).ConfigureAwait(false);
                return run.Add(CheckResult.Pass("tcp", $"connected to {address}:{port.ToString(CultureInfo.InvariantCulture)}"));
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                errors.Add($"{address}: {(e is OperationCanceledException ? "timed out" : NetworkFault.Describe(e))}");
            }
        }

        return run.Add(CheckResult.Fail("tcp", $"could not connect to port {port.ToString(CultureInfo.InvariantCulture)} ({string.Join("; ", errors)})", "check firewalls and outbound HTTPS (port 443); behind a proxy set HTTPS_PROXY", ExitCodes.Transient));
    }
}
