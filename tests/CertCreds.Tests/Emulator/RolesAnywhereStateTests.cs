using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CertCreds.Emulator.Hosting;
using CertCreds.Emulator.Registry;
using CertCreds.Emulator.State;
using CertCreds.Testing.Emulator;
using CertCreds.Testing.RolesAnywhere;

namespace CertCreds.Tests.Emulator;

/// <summary>What a state directory holds for Roles Anywhere, and that its seeded devices work against its listener.</summary>
public sealed class RolesAnywhereStateTests
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task A_new_state_directory_holds_two_devices_with_intermediates_and_roles_anywhere_json_names_the_listener()
    {
        using var dir = new TempDirectory();
        var state = EmulatorStateDirectory.Open(Path.Combine(dir.Path, "state"));
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorServerOptions { StateDirectory = state });

        using var json = JsonDocument.Parse(File.ReadAllText(state.RolesAnywhereEndpointPath));
        var root = json.RootElement;
        Assert.Equal(["endpoint", "region", "trustAnchorArn", "profileArn", "roleArn"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal($"localhost:{emulator.RolesAnywherePort}", root.GetProperty("endpoint").GetString());
        Assert.Equal("us-east-1", root.GetProperty("region").GetString());
        var document = state.Registry.Current;
        var anchor = Assert.Single(document.TrustAnchors);
        var profile = Assert.Single(document.Profiles);
        Assert.Equal(anchor.Arn, root.GetProperty("trustAnchorArn").GetString());
        Assert.Equal(profile.Arn, root.GetProperty("profileArn").GetString());
        Assert.Equal(EmulatorStateDirectory.SeedRolesAnywhereRoleArn, root.GetProperty("roleArn").GetString());
        Assert.Matches("^arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/[0-9a-f-]{36}$", anchor.Arn);
        Assert.Matches("^arn:aws:rolesanywhere:us-east-1:123456789012:profile/[0-9a-f-]{36}$", profile.Arn);
        var role = document.Roles.Single(r => r.Arn == EmulatorStateDirectory.SeedRolesAnywhereRoleArn);
        Assert.True(role.TrustsRolesAnywhere);
        Assert.False(role.TrustsCredentialsProvider);
        Assert.True(document.Roles.Single(r => r.Arn == EmulatorStateDirectory.SeedRoleArn).TrustsCredentialsProvider);

        foreach (var (name, rsa) in new[] { (EmulatorStateDirectory.RolesAnywhereRsaDevice, true), (EmulatorStateDirectory.RolesAnywhereEcDevice, false) })
        {
            var device = state.RolesAnywhereDevice(name);
            Assert.Equal(Path.Combine(state.Path, name, "certificate.pem.crt"), device.CertificatePath);
            Assert.Contains("BEGIN CERTIFICATE", File.ReadAllText(device.CertificatePath), StringComparison.Ordinal);
            Assert.Single(PemCertificates(device.CertificatePath));
            Assert.Single(PemCertificates(device.IntermediatesPath));
            Assert.Contains(rsa ? "BEGIN RSA PRIVATE KEY" : "BEGIN EC PRIVATE KEY", File.ReadAllText(device.PrivateKeyPath), StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(Private, File.GetUnixFileMode(device.PrivateKeyPath));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(device.PrivateKeyPath)!));
            }
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(state.Path, "ra-ca", "root.pem.key")));
            Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(state.Path, "ra-ca", "intermediate.pem.key")));
            Assert.Equal(0, (int)(File.GetUnixFileMode(state.RolesAnywhereEndpointPath) & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)));
        }
    }

    [Theory]
    [InlineData(EmulatorStateDirectory.RolesAnywhereRsaDevice)]
    [InlineData(EmulatorStateDirectory.RolesAnywhereEcDevice)]
    public async Task A_seeded_device_gets_credentials_with_the_files_and_arns_the_directory_names(string name)
    {
        using var dir = new TempDirectory();
        var state = EmulatorStateDirectory.Open(Path.Combine(dir.Path, "state"));
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorServerOptions { StateDirectory = state });
        var target = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(state.RolesAnywhereEndpointPath))!;
        var device = state.RolesAnywhereDevice(name);
        using var leaf = X509Certificate2.CreateFromPemFile(device.CertificatePath, device.PrivateKeyPath);
        var intermediates = new X509Certificate2Collection();
        intermediates.ImportFromPemFile(device.IntermediatesPath);
        using var serverRoot = X509Certificate2.CreateFromPem(File.ReadAllText(state.RootCaPath));
        using var client = EmulatorClients.Create(serverRoot, null);

        using var request = SignedSessionRequest.Create(new Uri($"https://{target["endpoint"]}"), leaf, new SessionSigningOptions
        {
            TrustAnchorArn = target["trustAnchorArn"],
            ProfileArn = target["profileArn"],
            RoleArn = target["roleArn"],
            Region = target["region"],
            Date = DateTimeOffset.UtcNow,
            Intermediates = [.. intermediates],
        });
        using var response = await client.SendAsync(request);

        Assert.Equal(201, (int)response.StatusCode);
        Assert.Equal(device.SerialNumber, emulator.Sessions.Single().SerialNumber);
        var lines = File.ReadAllLines(Path.Combine(state.Path, "sessions.jsonl"));
        Assert.Contains("\"status\":201", Assert.Single(lines), StringComparison.Ordinal);
        foreach (var certificate in intermediates)
        {
            certificate.Dispose();
        }
    }

    [Fact]
    public void A_directory_seeded_before_roles_anywhere_gains_it_once_on_open()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "state");
        var first = EmulatorStateDirectory.Open(path);
        var anchorArn = first.Registry.Current.TrustAnchors.Single().Arn;
        Directory.Delete(Path.Combine(path, "ra-ca"), recursive: true);
        first.Registry.Update(document =>
        {
            document.TrustAnchors.Clear();
            document.Profiles.Clear();
            document.Roles.RemoveAll(r => r.TrustsRolesAnywhere);
        });

        var upgraded = EmulatorStateDirectory.Open(path);
        var again = EmulatorStateDirectory.Open(path);

        var anchor = Assert.Single(again.Registry.Current.TrustAnchors);
        Assert.NotEqual(anchorArn, anchor.Arn);
        Assert.Equal(anchor.Arn, upgraded.Registry.Current.TrustAnchors.Single().Arn);
        Assert.Single(again.Registry.Current.Profiles);
        Assert.Single(again.Registry.Current.Roles, r => r.TrustsRolesAnywhere);
        Assert.Single(again.Registry.Current.Things);
    }

    [Fact]
    public void The_roles_anywhere_sections_survive_a_round_trip_through_emulator_json()
    {
        using var world = new RolesAnywhereTestWorld();
        var document = world.Registry();
        document.Profiles[0].AcceptRoleSessionName = true;
        document.Profiles[0].DurationSeconds = 900;

        var read = JsonSerializer.Deserialize(EmulatorRegistry.Serialize(document), CertCreds.Emulator.Json.RegistryJson.Context.RegistryDocument)!;

        var text = EmulatorRegistry.Serialize(read);
        Assert.Contains("\"trustAnchors\"", text, StringComparison.Ordinal);
        Assert.Contains("\"certificateBundle\"", text, StringComparison.Ordinal);
        Assert.Contains("\"trustsRolesAnywhere\": true", text, StringComparison.Ordinal);
        Assert.True(read.Profiles[0].AcceptRoleSessionName);
        Assert.Equal(900, read.Profiles[0].DurationSeconds);
        Assert.Equal([RolesAnywhereTestWorld.RoleArn], read.Profiles[0].RoleArns);
        Assert.Equal(document.TrustAnchors[0].CertificateBundle, read.TrustAnchors[0].CertificateBundle);
    }

    [Theory]
    [InlineData(EmulatorStateDirectory.RolesAnywhereRsaDevice)]
    [InlineData(EmulatorStateDirectory.RolesAnywhereEcDevice)]
    public async Task A_request_signed_by_python_cryptography_is_accepted_and_its_tampered_twin_refused(string device)
    {
        // A signer not written in C#: a misreading of SigV4-X509 shared by the client's signer and the emulator's verifier cannot pass.
        using var dir = new TempDirectory();
        var state = EmulatorStateDirectory.Open(Path.Combine(dir.Path, "state"));
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorServerOptions { StateDirectory = state });

        using var good = JsonDocument.Parse(await RunPythonSignerAsync(state.Path, device));
        using var bad = JsonDocument.Parse(await RunPythonSignerAsync(state.Path, device, "tamper"));

        Assert.Equal(201, good.RootElement.GetProperty("status").GetInt32());
        Assert.Equal($"arn:aws:sts::123456789012:assumed-role/roles-anywhere-role/{state.RolesAnywhereDevice(device).SerialNumber}", good.RootElement.GetProperty("assumedRoleUser").GetString());
        Assert.Equal(403, bad.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("AccessDeniedException", bad.RootElement.GetProperty("errorType").GetString());
        Assert.Equal(CertCreds.Emulator.RolesAnywhere.RolesAnywhereMessages.InvalidSignature, bad.RootElement.GetProperty("message").GetString());
    }

    private static async Task<string> RunPythonSignerAsync(string stateDirectory, string device, string? mode = null)
    {
        var home = Environment.GetEnvironmentVariable("HOME") ?? "/root";
        var start = new System.Diagnostics.ProcessStartInfo("python3")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "scripts", "rolesanywhere_sign.py"), stateDirectory, device },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (mode is not null)
        {
            start.ArgumentList.Add(mode);
        }

        start.Environment["PATH"] = $"{home}/.pyenv/shims:{Environment.GetEnvironmentVariable("PATH")}";
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, "rolesanywhere_sign.py failed: " + await stderr);
        return (await stdout).Trim();
    }

    private static X509Certificate2Collection PemCertificates(string path)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(path);
        return collection;
    }
}
