using System.Security.Cryptography.X509Certificates;
using CertCreds.Emulator.Hosting;
using CertCreds.Testing.Emulator;

namespace CertCreds.Tests.Emulator;

public sealed class EmulatorHostTests
{
    [Fact]
    public async Task Host_seeds_serves_prints_how_to_connect_and_stops_on_cancellation()
    {
        using var dir = new TempDirectory();
        using var log = new StringWriter();
        using var stop = new CancellationTokenSource();
        var stateDir = Path.Combine(dir.Path, "emu");
        var run = EmulatorHost.RunAsync(new EmulatorHostOptions { StateDirectory = stateDir, Port = 0 }, TextWriter.Synchronized(log), stop.Token);

        var endpointPath = Path.Combine(stateDir, "endpoint");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(endpointPath) && DateTime.UtcNow < deadline && !run.IsCompleted)
        {
            await Task.Delay(50);
        }

        var endpoint = File.ReadAllText(endpointPath);
        var port = int.Parse(endpoint.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
        using var certificate = X509Certificate2.CreateFromPemFile(Path.Combine(stateDir, "client1", "certificate.pem.crt"), Path.Combine(stateDir, "client1", "private.pem.key"));
        using var root = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(stateDir, "AmazonRootCA1.pem")));
        var response = await RawHttps.SendAsync(port, "localhost", certificate, root, RawHttps.Request("/role-aliases/alias-for-roles-anywhere/credentials", endpoint, "client1"));

        await stop.CancelAsync();
        var exitCode = await run.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(200, response.Status);
        Assert.Equal(0, exitCode);
        Assert.Matches(@"^localhost:\d+$", endpoint);
        var text = log.ToString();
        Assert.Contains($"--endpoint {endpoint} --role-alias alias-for-roles-anywhere", text, StringComparison.Ordinal);
        Assert.Contains("--ca-cert " + Path.Combine(stateDir, "AmazonRootCA1.pem"), text, StringComparison.Ordinal);
        Assert.Contains("--thing-name client1", text, StringComparison.Ordinal);
        var rolesAnywhere = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(stateDir, "roles-anywhere.json"))).RootElement;
        Assert.Contains($"Roles Anywhere  : https://127.0.0.1:{rolesAnywhere.GetProperty("endpoint").GetString()!.Split(':')[1]}", text, StringComparison.Ordinal);
        Assert.Contains($"trust anchor  : {rolesAnywhere.GetProperty("trustAnchorArn").GetString()}", text, StringComparison.Ordinal);
        Assert.Contains("intermediates : " + Path.Combine(stateDir, "ra-client1", "intermediates.pem.crt"), text, StringComparison.Ordinal);
        Assert.Contains("stopped", text, StringComparison.Ordinal);
    }
}
