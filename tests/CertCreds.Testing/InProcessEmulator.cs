using CertCreds.Emulator.Hosting;
using CertCreds.Emulator.State;

namespace CertCreds.Testing;

/// <summary>
/// The emulator started inside the test process (port 0, its own seeded state folder), so a test can edit its
/// registry and script faults while the published binary talks to it. Stopped and removed on dispose.
/// </summary>
public class InProcessEmulator : IAsyncDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("certcreds-e2e-emulator-").FullName;

    public EmulatorServer Server { get; private set; } = null!;

    public EmulatorStateDirectory State { get; private set; } = null!;

    public string Folder => folder;

    public ThingCredentialFiles Client1 => State.Thing(EmulatorStateDirectory.SeedThingName);

    /// <summary>The seeded Roles Anywhere RSA device (certificate, key, intermediates files).</summary>
    public RolesAnywhereDeviceFiles RaClient1 => State.RolesAnywhereDevice(EmulatorStateDirectory.RolesAnywhereRsaDevice);

    /// <summary>The seeded Roles Anywhere EC (P-256) device.</summary>
    public RolesAnywhereDeviceFiles RaClient2 => State.RolesAnywhereDevice(EmulatorStateDirectory.RolesAnywhereEcDevice);

    /// <summary>What <c>DIR/roles-anywhere.json</c> says: the listener's endpoint, region and the seeded ARNs.</summary>
    public RolesAnywhereEndpointFile RolesAnywhere => State.RolesAnywhereTarget(Server.RolesAnywhereEndpoint)
        ?? throw new InvalidOperationException("The emulator's registry has no Roles Anywhere trust anchor and profile.");

    public async Task InitializeAsync()
    {
        State = EmulatorStateDirectory.Open(Path.Combine(folder, "state"));
        Server = await EmulatorServer.StartAsync(new EmulatorServerOptions { StateDirectory = State, Port = 0 }).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync().ConfigureAwait(false);
        Directory.Delete(folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>The credential-process arguments for the seed device against this emulator, plus extras.</summary>
    public List<string> Arguments(params string[] extra)
    {
        var client = Client1;
        List<string> args =
        [
            "credential-process",
            "--endpoint", Server.Endpoint,
            "--certificate", client.CertificatePath,
            "--private-key", client.PrivateKeyPath,
            "--ca-cert", State.RootCaPath,
        ];
        if (!extra.Contains("--role-alias"))
        {
            args.AddRange(["--role-alias", EmulatorStateDirectory.SeedRoleAlias]);
        }

        args.AddRange(extra);
        return args;
    }
}
