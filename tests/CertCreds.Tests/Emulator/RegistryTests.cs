using CertCreds.Emulator.Faults;
using CertCreds.Emulator.Registry;
using CertCreds.Testing.Emulator;

namespace CertCreds.Tests.Emulator;

public sealed class RegistryTests
{
    [Fact]
    public void Update_changes_a_copy_so_earlier_snapshots_stay_as_they_were()
    {
        var registry = EmulatorRegistry.InMemory(TestWorld.For("ab"));
        var before = registry.Current;

        registry.Update(d => d.Roles.Clear());

        Assert.Single(before.Roles);
        Assert.Empty(registry.Current.Roles);
    }

    [Fact]
    public void Update_writes_the_file_so_a_fresh_open_sees_the_change()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "emulator.json");
        var registry = EmulatorRegistry.OpenFile(path, TestWorld.For("ab"));

        registry.Update(d => d.Settings.Region = "eu-west-1");

        Assert.Equal("eu-west-1", EmulatorRegistry.OpenFile(path).Current.Settings.Region);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void Registry_file_edited_on_disk_is_reloaded_on_the_next_read()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "emulator.json");
        var registry = EmulatorRegistry.OpenFile(path, TestWorld.For("ab"));
        Assert.Equal(3600, registry.Current.RoleAliases[0].CredentialDurationSeconds);

        File.WriteAllText(path, File.ReadAllText(path).Replace("\"credentialDurationSeconds\": 3600", "\"credentialDurationSeconds\": 900", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));

        Assert.Equal(900, registry.Current.RoleAliases[0].CredentialDurationSeconds);
    }

    [Fact]
    public void Broken_file_keeps_the_previous_registry_and_says_why()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "emulator.json");
        using var log = new StringWriter();
        var registry = EmulatorRegistry.OpenFile(path, TestWorld.For("ab"), log);

        File.WriteAllText(path, "{ not json");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));

        Assert.Single(registry.Current.Roles);
        Assert.Contains("could not be loaded", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Hand_written_file_with_comments_enum_names_and_faults_loads()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "emulator.json");
        File.WriteAllText(path, """
            {
              // hand written
              "settings": { "hostName": "example.test", "tls12Only": true },
              "certificates": [ { "id": "AB", "status": "REVOKED" } ],
              "things": [ { "name": "t", "certificates": [ "AB" ] } ],
              "faults": [ { "kind": "status", "status": 503 }, { "kind": "throttle", "retryAfter": "2" }, ],
            }
            """);

        var registry = EmulatorRegistry.OpenFile(path);

        Assert.Equal("example.test", registry.Current.Settings.HostName);
        Assert.True(registry.Current.Settings.Tls12Only);
        Assert.Equal("us-east-1", registry.Current.Settings.Region);
        Assert.Equal(CertificateStatus.Revoked, registry.Current.Certificates[0].Status);
        Assert.Equal(2, registry.Faults.Count);
        Assert.Equal(new FaultSpec { Kind = FaultKind.Status, Status = 503 }, registry.Faults.TryDequeue());
        Assert.Empty(EmulatorRegistry.Read(path).Faults);
    }

    [Fact]
    public void Faults_added_to_the_file_later_are_queued_once()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "emulator.json");
        var registry = EmulatorRegistry.OpenFile(path, TestWorld.For("ab"));

        File.WriteAllText(path, File.ReadAllText(path).Replace("\"faults\": []", "\"faults\": [ { \"kind\": \"hang\" } ]", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));
        _ = registry.Current;
        _ = registry.Current;

        Assert.Equal(1, registry.Faults.Count);
        Assert.Equal(FaultKind.Hang, registry.Faults.TryDequeue()!.Kind);
    }

    [Fact]
    public void Written_file_uses_the_documented_names()
    {
        var text = EmulatorRegistry.Serialize(TestWorld.For("ab"));

        foreach (var name in new[] { "\"settings\"", "\"hostName\"", "\"certificates\"", "\"status\": \"ACTIVE\"", "\"things\"", "\"policies\"", "\"allowedRoleAliasArns\"", "\"roleAliases\"", "\"credentialDurationSeconds\"", "\"roles\"", "\"trustsCredentialsProvider\"", "\"maxSessionDurationSeconds\"", "\"faults\"" })
        {
            Assert.Contains(name, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Fault_script_is_first_in_first_out()
    {
        var faults = new FaultScript();
        faults.Enqueue(FaultSpec.WithStatus(503), FaultSpec.WithStatus(500));

        Assert.Equal(503, faults.TryDequeue()!.Status);
        Assert.Equal(500, faults.TryDequeue()!.Status);
        Assert.Null(faults.TryDequeue());
    }
}
