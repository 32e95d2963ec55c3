using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CertCreds.Emulator.Hosting;
using CertCreds.Emulator.State;
using CertCreds.Testing.Emulator;

namespace CertCreds.Tests.Emulator;

public sealed class StateDirectoryServerTests
{
    private const string CredentialsPath = "/role-aliases/alias-for-roles-anywhere/credentials";

    [Fact]
    public async Task Seeded_client_gets_credentials_and_both_logs_are_written_as_json_lines()
    {
        using var dir = new TempDirectory();
        var state = EmulatorStateDirectory.Open(dir.Path);
        var client = state.Thing("client1");
        using var certificate = X509Certificate2.CreateFromPemFile(client.CertificatePath, client.PrivateKeyPath);
        await using (var emulator = await EmulatorServer.StartAsync(new EmulatorServerOptions { StateDirectory = state }))
        {
            Assert.Equal($"localhost:{emulator.Port}", File.ReadAllText(state.EndpointPath));
            using var root = X509Certificate2.CreateFromPem(File.ReadAllText(state.RootCaPath));
            var response = await RawHttps.SendAsync(emulator.Port, "localhost", certificate, root, RawHttps.Request(CredentialsPath, emulator.Endpoint, "client1"));
            Assert.Equal(200, response.Status);
            await RawHttps.SendAsync(emulator.Port, null, certificate, root, RawHttps.Request(CredentialsPath, emulator.Endpoint, "client1"));
        }

        var requests = File.ReadAllLines(Path.Combine(dir.Path, "requests.jsonl"));
        var issued = File.ReadAllLines(Path.Combine(dir.Path, "issued.jsonl"));
        Assert.Equal(2, requests.Length);
        Assert.Single(issued);
        using var line = JsonDocument.Parse(issued[0]);
        Assert.Equal(client.CertificateId, line.RootElement.GetProperty("certificateId").GetString());
        Assert.False(line.RootElement.TryGetProperty("secretAccessKey", out _));
        Assert.False(line.RootElement.TryGetProperty("sessionToken", out _));
        Assert.Equal(403, JsonDocument.Parse(requests[1]).RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Hand_edit_of_emulator_json_applies_to_a_running_server_including_faults()
    {
        using var dir = new TempDirectory();
        var state = EmulatorStateDirectory.Open(dir.Path);
        var client = state.Thing("client1");
        using var certificate = X509Certificate2.CreateFromPemFile(client.CertificatePath, client.PrivateKeyPath);
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorServerOptions { StateDirectory = state });
        var request = RawHttps.Request(CredentialsPath, emulator.Endpoint);

        var text = File.ReadAllText(state.RegistryPath)
            .Replace("\"status\": \"ACTIVE\"", "\"status\": \"INACTIVE\"", StringComparison.Ordinal)
            .Replace("\"faults\": []", "\"faults\": [ { \"kind\": \"status\", \"status\": 503 } ]", StringComparison.Ordinal);
        File.WriteAllText(state.RegistryPath, text);
        File.SetLastWriteTimeUtc(state.RegistryPath, DateTime.UtcNow.AddSeconds(5));

        var first = await RawHttps.SendAsync(emulator.Port, "localhost", certificate, emulator.RootCertificate, request);
        var second = await RawHttps.SendAsync(emulator.Port, "localhost", certificate, emulator.RootCertificate, request);

        Assert.Equal(503, first.Status);
        Assert.Equal(403, second.Status);
    }

    [Fact]
    public async Task Restart_on_the_same_directory_reuses_the_server_certificate_and_root()
    {
        using var dir = new TempDirectory();
        string firstThumbprint;
        await using (var first = await EmulatorServer.StartAsync(new EmulatorServerOptions { StateDirectory = EmulatorStateDirectory.Open(dir.Path) }))
        {
            firstThumbprint = first.RootCertificate.Thumbprint;
        }

        await using var second = await EmulatorServer.StartAsync(new EmulatorServerOptions { StateDirectory = EmulatorStateDirectory.Open(dir.Path) });

        Assert.Equal(firstThumbprint, second.RootCertificate.Thumbprint);
    }
}
