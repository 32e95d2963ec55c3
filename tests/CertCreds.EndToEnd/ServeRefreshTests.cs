using System.Net;
using System.Text.Json;
using CertCreds.Emulator.Hosting;
using CertCreds.Emulator.State;

namespace CertCreds.EndToEnd;

/// <summary>
/// The published <c>certcreds serve</c> against an emulator in the test process whose role alias hands out
/// 40-second credentials, so refresh ahead (at half life), outages, emulator restarts and rotated certificate
/// files happen within a test while a client keeps calling the container endpoint.
/// </summary>
public sealed class ServeRefreshTests : IAsyncDisposable
{
    private const int LifetimeSeconds = 40;
    private readonly string folder = Directory.CreateTempSubdirectory("certcreds-e2e-serve-refresh-").FullName;
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private EmulatorServer? emulator;

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        if (emulator is not null)
        {
            await emulator.DisposeAsync();
        }

        Directory.Delete(folder, recursive: true);
    }

    private async Task<EmulatorStateDirectory> StartEmulatorAsync(int port)
    {
        var state = EmulatorStateDirectory.Open(Path.Combine(folder, "state"));
        state.Registry.Update(registry => registry.RoleAliases.Single(a => a.Name == EmulatorStateDirectory.SeedRoleAlias).CredentialDurationSeconds = LifetimeSeconds);
        emulator = await EmulatorServer.StartAsync(new EmulatorServerOptions { StateDirectory = state, Port = port });
        return state;
    }

    private static Task<ServeProcess> StartServeAsync(EmulatorStateDirectory state, EmulatorServer server, string certificate, string key) =>
        ServeProcess.StartAsync(
            ["--endpoint", server.Endpoint, "--role-alias", EmulatorStateDirectory.SeedRoleAlias, "--certificate", certificate, "--private-key", key, "--ca-cert", state.RootCaPath, "--timeout", "3"],
            ProcessRunner.CleanEnvironment(Path.GetTempPath()));

    private async Task<(HttpStatusCode Status, string? AccessKeyId, DateTimeOffset? Expiration, string Body)> GetAsync(ServeProcess serve)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, serve.FullUri);
        request.Headers.TryAddWithoutValidation("Authorization", serve.Token);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(body);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, null, null, body);
        }

        return (response.StatusCode, document.RootElement.GetProperty("AccessKeyId").GetString(), DateTimeOffset.Parse(document.RootElement.GetProperty("Expiration").GetString()!, System.Globalization.CultureInfo.InvariantCulture), string.Empty);
    }

    [Fact]
    public async Task Short_lived_credentials_are_replaced_before_expiry_while_a_client_keeps_calling_and_rotated_files_are_reread()
    {
        var state = await StartEmulatorAsync(0);
        var files = Path.Combine(folder, "device");
        Directory.CreateDirectory(files);
        var certificate = Path.Combine(files, "certificate.pem.crt");
        var key = Path.Combine(files, "private.pem.key");
        File.Copy(state.Thing(EmulatorStateDirectory.SeedThingName).CertificatePath, certificate);
        File.Copy(state.Thing(EmulatorStateDirectory.SeedThingName).PrivateKeyPath, key);
        var serve = await StartServeAsync(state, emulator!, certificate, key);
        await using (serve)
        {
            var rotated = state.AddThing("client-rotated");
            var seen = new List<string>();
            var until = DateTimeOffset.UtcNow.AddSeconds(LifetimeSeconds + 8);
            var rotatedFiles = false;
            while (DateTimeOffset.UtcNow < until)
            {
                var (status, accessKeyId, expiration, body) = await GetAsync(serve);
                Assert.True(status == HttpStatusCode.OK, $"{status} {body}\n{serve.Log}");
                Assert.True(expiration > DateTimeOffset.UtcNow.AddSeconds(5), "served credentials that were about to expire");
                if (seen.Count == 0 || seen[^1] != accessKeyId)
                {
                    seen.Add(accessKeyId!);
                }

                if (!rotatedFiles)
                {
                    // Rotation as a device agent does it: new files written over the old paths.
                    File.Copy(rotated.CertificatePath, certificate, overwrite: true);
                    File.Copy(rotated.PrivateKeyPath, key, overwrite: true);
                    rotatedFiles = true;
                }

                await Task.Delay(200);
            }

            Assert.True(seen.Count >= 2, $"no refresh happened: {seen.Count} key(s)\n{serve.Log}");
            Assert.Equal(rotated.CertificateId, emulator!.Issued[^1].CertificateId);
            Assert.Equal(0, await serve.StopAsync());
            Assert.Contains("certcreds serve: stopped", serve.Log, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_outage_keeps_the_old_credentials_flowing_until_they_would_expire_then_503_then_recovery_after_a_restart()
    {
        var port = FreePort.Next();
        var state = await StartEmulatorAsync(port);
        var seed = state.Thing(EmulatorStateDirectory.SeedThingName);
        var serve = await StartServeAsync(state, emulator!, seed.CertificatePath, seed.PrivateKeyPath);
        await using (serve)
        {
            var first = await GetAsync(serve);
            Assert.Equal(HttpStatusCode.OK, first.Status);
            await emulator!.DisposeAsync();
            emulator = null;

            // Until ten seconds before expiry the old set is served, although the refresh at half life fails.
            while (DateTimeOffset.UtcNow < first.Expiration!.Value.AddSeconds(-12))
            {
                var during = await GetAsync(serve);
                Assert.True(during.Status == HttpStatusCode.OK, during.Body);
                Assert.Equal(first.AccessKeyId, during.AccessKeyId);
                await Task.Delay(500);
            }

            await Task.Delay(first.Expiration!.Value.AddSeconds(-8) - DateTimeOffset.UtcNow);
            var expired = await GetAsync(serve);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, expired.Status);
            using (var error = JsonDocument.Parse(expired.Body))
            {
                Assert.Equal("CredentialsUnavailable", error.RootElement.GetProperty("Code").GetString());
            }

            Assert.Contains("refresh failed", serve.Log, StringComparison.Ordinal);
            await StartEmulatorAsync(port);
            var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
            var recovered = expired;
            while (recovered.Status != HttpStatusCode.OK && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(250);
                recovered = await GetAsync(serve);
            }

            Assert.True(recovered.Status == HttpStatusCode.OK, serve.Log);
            Assert.NotEqual(first.AccessKeyId, recovered.AccessKeyId);
        }
    }
}
