using CertCreds.Emulator.State;

namespace CertCreds.Emulator.Hosting;

/// <summary>The CLI's entry point: seed or reuse the state directory, serve until cancelled, stop cleanly.</summary>
public static class EmulatorHost
{
    /// <summary>Returns 0 after a clean stop. Startup failures (port in use, unreadable files) propagate as exceptions.</summary>
    public static async Task<int> RunAsync(EmulatorHostOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var state = EmulatorStateDirectory.Open(options.StateDirectory, log);
        await using var server = await EmulatorServer.StartAsync(
            new EmulatorServerOptions { StateDirectory = state, Port = options.Port, RolesAnywherePort = options.RolesAnywherePort, StsEndpoint = options.StsEndpoint, StsUseEnvironmentCredentials = options.StsUseEnvironmentCredentials, TimeProvider = options.TimeProvider, Log = log },
            cancellationToken);
        WriteBanner(server, state, options, log);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Cancellation is the normal way to stop.
        }

        await server.StopAsync(CancellationToken.None);
        log.WriteLine("certcreds emulator: stopped");
        return 0;
    }

    private static void WriteRolesAnywhereBanner(EmulatorServer server, EmulatorStateDirectory state, TextWriter log)
    {
        log.WriteLine($"  Roles Anywhere  : https://127.0.0.1:{server.RolesAnywherePort} as {server.RolesAnywhereEndpoint} (CreateSession, SigV4-X509; no client certificate)");
        if (state.RolesAnywhereTarget(server.RolesAnywhereEndpoint) is not { } target)
        {
            log.WriteLine("    no trust anchor and profile in the registry yet");
            return;
        }

        log.WriteLine($"    settings      : {state.RolesAnywhereEndpointPath}");
        log.WriteLine($"    trust anchor  : {target.TrustAnchorArn}");
        log.WriteLine($"    profile       : {target.ProfileArn}");
        log.WriteLine($"    role          : {target.RoleArn}");
        if (!File.Exists(Path.Combine(state.Path, EmulatorStateDirectory.RolesAnywhereRsaDevice, "certificate.pem.crt")))
        {
            return;
        }

        var device = state.RolesAnywhereDevice(EmulatorStateDirectory.RolesAnywhereRsaDevice);
        // Device files only: the CLI's Roles Anywhere options arrive with its own wiring, and a hint must name real options.
        log.WriteLine($"    certificate   : {device.CertificatePath}");
        log.WriteLine($"    private key   : {device.PrivateKeyPath}");
        log.WriteLine($"    intermediates : {device.IntermediatesPath}");
        log.WriteLine($"    EC device     : {Path.Combine(state.Path, EmulatorStateDirectory.RolesAnywhereEcDevice)}");
    }

    private static void WriteBanner(EmulatorServer server, EmulatorStateDirectory state, EmulatorHostOptions options, TextWriter log)
    {
        var settings = state.Registry.Current.Settings;
        log.WriteLine($"certcreds emulator: listening on https://127.0.0.1:{server.Port} as {server.Endpoint} (TLS {(settings.Tls12Only ? "1.2" : "1.2/1.3")}, region {settings.Region}, account {settings.AccountId})");
        log.WriteLine($"  state directory : {state.Path}");
        log.WriteLine($"  endpoint        : {server.Endpoint} (also in {state.EndpointPath})");
        log.WriteLine($"  CA certificate  : {state.RootCaPath}");
        var certificatePath = Path.Combine(state.Path, EmulatorStateDirectory.SeedThingName, "certificate.pem.crt");
        var keyPath = Path.Combine(state.Path, EmulatorStateDirectory.SeedThingName, "private.pem.key");
        log.WriteLine($"  client cert     : {certificatePath}");
        log.WriteLine($"  client key      : {keyPath}");
        if (File.Exists(certificatePath))
        {
            log.WriteLine($"  certificate id  : {state.Thing(EmulatorStateDirectory.SeedThingName).CertificateId}");
        }

        log.WriteLine($"  registry        : {state.RegistryPath} (reloaded when it changes)");
        log.WriteLine(options.StsEndpoint is { } sts
            ? $"  STS endpoint    : {sts} (sts:AssumeRole, signed with {(options.StsUseEnvironmentCredentials ? "this process's AWS credentials" : "dummy keys")})"
            : "  STS endpoint    : none (credentials minted locally)");
        log.WriteLine($"  logs            : {Path.Combine(state.Path, "requests.jsonl")}, {Path.Combine(state.Path, "sessions.jsonl")}, {Path.Combine(state.Path, "issued.jsonl")}");
        log.WriteLine("  try:");
        log.WriteLine(
            $"    certcreds credential-process --endpoint {server.Endpoint} --role-alias {EmulatorStateDirectory.SeedRoleAlias} " +
            $"--certificate {certificatePath} --private-key {keyPath} --ca-cert {state.RootCaPath} --thing-name {EmulatorStateDirectory.SeedThingName}");
        WriteRolesAnywhereBanner(server, state, log);
        log.WriteLine("  stop with Ctrl+C");
    }
}
