using System.Security.Authentication;
using CertCreds.Emulator.Hosting;
using CertCreds.Testing.Emulator;

namespace CertCreds.Tests.Emulator;

public sealed class Tls12OnlyTests
{
    [Fact]
    public async Task Tls12_only_setting_refuses_a_tls13_only_client()
    {
        using var device = TestDevices.CreateDevice();
        var world = TestWorld.For(TestDevices.CertificateId(device));
        world.Settings.Tls12Only = true;
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorServerOptions { Registry = world });
        var request = RawHttps.Request("/role-aliases/" + TestWorld.Alias + "/credentials", "localhost");

        var tls12 = await RawHttps.SendAsync(emulator.Port, "localhost", device, emulator.RootCertificate, request, SslProtocols.Tls12);

        Assert.Equal(200, tls12.Status);
        await Assert.ThrowsAnyAsync<Exception>(() => RawHttps.SendAsync(emulator.Port, "localhost", device, emulator.RootCertificate, request, SslProtocols.Tls13));
    }
}
