using Microsoft.Extensions.Hosting;

namespace CertCreds.Emulator.Hosting;

/// <summary>
/// Replaces the console lifetime, which would take SIGINT/SIGTERM away from the CLI (and from tests running
/// many servers in one process) and stop Kestrel behind the caller's back. Stopping is the caller's
/// decision, through its cancellation token or <see cref="EmulatorServer.StopAsync"/>.
/// </summary>
internal sealed class SignalFreeLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
