namespace CertCreds.Cli.Doctor;

/// <summary><c>clients</c>: which AWS clients can use serve's variables set in this environment (absent when none are).</summary>
internal sealed class ClientsCheck : IDoctorCheck
{
    public Task RunAsync(DoctorRun run, CancellationToken cancellationToken)
    {
        if (ServeEnvironmentCheck.Run(run.Context.GetEnvironmentVariable) is { } clients)
        {
            run.Add(clients);
        }

        return Task.CompletedTask;
    }
}
