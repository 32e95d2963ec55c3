using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertCreds.Certificates;
using CertCreds.Emulator.Decisions;
using CertCreds.Emulator.Pki;
using CertCreds.Emulator.Registry;
using CertCreds.Emulator.State;
using CertCreds.Testing.Emulator;

namespace CertCreds.Tests.Emulator;

public sealed class StateDirectoryTests
{
    [Fact]
    public void Empty_directory_is_seeded_with_the_article_world()
    {
        using var dir = new TempDirectory();

        var state = EmulatorStateDirectory.Open(Path.Combine(dir.Path, "state"));
        var client = state.Thing("client1");
        var registry = state.Registry.Current;

        Assert.True(File.Exists(state.RegistryPath));
        Assert.True(File.Exists(state.RootCaPath));
        // Two roles: the IoT seed's, and the Roles Anywhere seed's, each trusting only its own service.
        Assert.Equal(2, registry.Roles.Count);
        var role = Assert.Single(registry.Roles, r => r.TrustsCredentialsProvider);
        Assert.Equal("arn:aws:iam::123456789012:role/iot-roles-anywhere-role", role.Arn);
        Assert.False(role.TrustsRolesAnywhere);
        Assert.Equal("arn:aws:iam::123456789012:role/roles-anywhere-role", Assert.Single(registry.Roles, r => r.TrustsRolesAnywhere).Arn);
        var alias = Assert.Single(registry.RoleAliases);
        Assert.Equal(("alias-for-roles-anywhere", role.Arn, 3600), (alias.Name, alias.RoleArn, alias.CredentialDurationSeconds));
        var policy = Assert.Single(registry.Policies);
        Assert.Equal(["arn:aws:iot:us-east-1:123456789012:rolealias/alias-for-roles-anywhere"], policy.AllowedRoleAliasArns);
        Assert.Equal([client.CertificateId], policy.Certificates);
        var thing = Assert.Single(registry.Things);
        Assert.Equal(("client1", client.CertificateId), (thing.Name, Assert.Single(thing.Certificates)));
        Assert.Equal(CertificateStatus.Active, Assert.Single(registry.Certificates).Status);
    }

    [Fact]
    public void Seeded_client_certificate_and_pkcs1_key_load_and_are_issued_by_a_separate_device_ca()
    {
        using var dir = new TempDirectory();
        var state = EmulatorStateDirectory.Open(dir.Path);
        var client = state.Thing("client1");

        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", File.ReadAllText(client.PrivateKeyPath), StringComparison.Ordinal);
        using var certificate = X509Certificate2.CreateFromPemFile(client.CertificatePath, client.PrivateKeyPath);
        using var rsa = certificate.GetRSAPrivateKey();
        Assert.Equal(2048, rsa!.KeySize);
        Assert.Equal(client.CertificateId, DeviceIdentity.ComputeCertificateId(certificate));
        Assert.Equal("CN=AWS IoT Certificate", certificate.Subject);
        using var root = state.LoadRootCertificate();
        Assert.NotEqual(root.Subject, certificate.Issuer);
    }

    [Fact]
    public void Seeded_world_grants_the_client_certificate()
    {
        using var dir = new TempDirectory();
        var state = EmulatorStateDirectory.Open(dir.Path);
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(state.Thing("client1").CertificatePath));

        var decision = DecisionEngine.Decide(
            new ProviderRequest(certificate.RawData, "localhost", "localhost:1", "GET", "/role-aliases/alias-for-roles-anywhere/credentials", "client1"),
            state.Registry.Current);

        Assert.True(decision.IsSuccess);
    }

    [Fact]
    public void Key_files_are_private_and_the_directory_is_private()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "state");
        var state = EmulatorStateDirectory.Open(path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(path));
        foreach (var key in Directory.GetFiles(path, "*.key", SearchOption.AllDirectories))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(state.Thing("client1").PrivateKeyPath));
    }

    [Fact]
    public void Reopening_reuses_every_file()
    {
        using var dir = new TempDirectory();
        var first = EmulatorStateDirectory.Open(dir.Path);
        var root = File.ReadAllText(first.RootCaPath);
        var client = first.Thing("client1");
        var key = File.ReadAllText(client.PrivateKeyPath);

        var second = EmulatorStateDirectory.Open(dir.Path);

        Assert.Equal(root, File.ReadAllText(second.RootCaPath));
        Assert.Equal(client, second.Thing("client1"));
        Assert.Equal(key, File.ReadAllText(client.PrivateKeyPath));
        Assert.Single(second.Registry.Current.Certificates);
    }

    [Fact]
    public void Added_thing_gets_a_fresh_attached_certificate_in_its_own_folder()
    {
        using var dir = new TempDirectory();
        var state = EmulatorStateDirectory.Open(dir.Path);

        var added = state.AddThing("sensor-7", DeviceKeyType.EcdsaP256);

        Assert.Equal(Path.Combine(state.Path, "sensor-7", "certificate.pem.crt"), added.CertificatePath);
        Assert.StartsWith("-----BEGIN EC PRIVATE KEY-----", File.ReadAllText(added.PrivateKeyPath), StringComparison.Ordinal);
        using var certificate = X509Certificate2.CreateFromPemFile(added.CertificatePath, added.PrivateKeyPath);
        Assert.Equal(added.CertificateId, DeviceIdentity.ComputeCertificateId(certificate));
        var registry = EmulatorRegistry.Read(state.RegistryPath);
        Assert.Contains(registry.Things, t => t.Name == "sensor-7" && t.Certificates.Contains(added.CertificateId));
        Assert.Contains(added.CertificateId, registry.Policies[0].Certificates);
        Assert.True(DecisionEngine.Decide(
            new ProviderRequest(certificate.RawData, "localhost", "h", "GET", "/role-aliases/alias-for-roles-anywhere/credentials", "sensor-7"), state.Registry.Current).IsSuccess);
    }

    [Fact]
    public void Invalid_thing_name_is_refused()
    {
        using var dir = new TempDirectory();
        var state = EmulatorStateDirectory.Open(dir.Path);

        Assert.Throws<ArgumentException>(() => state.AddThing("bad name"));
    }

    [Fact]
    public void Endpoint_file_holds_exactly_host_and_port()
    {
        using var dir = new TempDirectory();
        var state = EmulatorStateDirectory.Open(dir.Path);

        state.WriteEndpoint("localhost", 43210);

        Assert.Equal("localhost:43210", File.ReadAllText(state.EndpointPath));
    }

    [Fact]
    public void Rsa_keys_are_pkcs1_like_the_iot_console()
    {
        using var dir = new TempDirectory();
        var state = EmulatorStateDirectory.Open(dir.Path);
        using var rsa = RSA.Create();

        rsa.ImportFromPem(File.ReadAllText(state.Thing("client1").PrivateKeyPath));

        Assert.Equal(2048, rsa.KeySize);
    }

    [Theory]
    [InlineData(0b111_111_000)]
    [InlineData(0b111_000_010)]
    [InlineData(0b111_111_111)]
    public void A_state_folder_others_can_write_is_refused_with_the_fix(int mode)
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "state");
        _ = EmulatorStateDirectory.Open(path);
        File.SetUnixFileMode(path, (UnixFileMode)mode);
        var refused = Assert.Throws<CertCreds.Errors.UsageException>(() => EmulatorStateDirectory.Open(path));
        Assert.Contains("writable by group or others", refused.Message, StringComparison.Ordinal);
        Assert.Contains("chmod go-w", refused.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_registry_file_others_can_write_is_refused()
    {
        using var dir = new TempDirectory();
        var state = EmulatorStateDirectory.Open(Path.Combine(dir.Path, "state"));
        File.SetUnixFileMode(state.RegistryPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherWrite);
        var refused = Assert.Throws<CertCreds.Errors.UsageException>(() => EmulatorStateDirectory.Open(state.Path));
        Assert.Contains("emulator.json", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_state_folder_or_registry_owned_by_another_user_is_refused()
    {
        // chown needs root, as CI runs; as another user the folder is foreign from the start.
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "state");
        var state = EmulatorStateDirectory.Open(path);
        if (CertCreds.Platform.NativeProcess.EffectiveUserId() == 0)
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Assert.Equal(0, Chown(state.RegistryPath, 65534));
            Assert.Contains("belongs to another user", Assert.Throws<CertCreds.Errors.UsageException>(() => EmulatorStateDirectory.Open(path)).Message, StringComparison.Ordinal);
            Assert.Equal(0, Chown(state.RegistryPath, 0));
            Assert.Equal(0, Chown(path, 65534));
            Assert.Contains("belongs to another user", Assert.Throws<CertCreds.Errors.UsageException>(() => EmulatorStateDirectory.Open(path)).Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("belongs to another user", Assert.Throws<CertCreds.Errors.UsageException>(() => EmulatorStateDirectory.Open("/")).Message, StringComparison.Ordinal);
        }
    }

    private static int Chown(string path, int uid)
    {
        using var process = System.Diagnostics.Process.Start("chown", [uid.ToString(System.Globalization.CultureInfo.InvariantCulture), path])!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
