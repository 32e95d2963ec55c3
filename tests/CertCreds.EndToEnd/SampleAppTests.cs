using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CertCreds.EndToEnd;

/// <summary>
/// The Native AOT sample app, which gets its credentials in-process from CertCreds.AwsSdk, against the emulator (a
/// real process) on moto's STS with signature checks on: the path a .NET developer on a device takes.
/// </summary>
public sealed class SampleAppTests(MotoServer moto) : IClassFixture<MotoServer>, IAsyncLifetime
{
    private MotoHome? world;

    private EmulatorProcess Emulator => world!.Emulator;

    public async Task InitializeAsync() => world = await MotoHome.StartAsync(moto, "certcreds-e2e-sample-");

    public async Task DisposeAsync()
    {
        if (world is not null)
        {
            await world.DisposeAsync();
        }
    }

    private Task<Testing.CliRun> RunSampleAsync(string roleAlias) => ProcessRunner.RunAsync(
        PublishedSample.Path,
        [
            "--endpoint", Emulator.Endpoint,
            "--role-alias", roleAlias,
            "--certificate", Emulator.CertificateFile(),
            "--private-key", Emulator.PrivateKeyFile(),
            "--ca-cert", Emulator.CaFile,
            "--thing-name", SeedWorld.Thing,
            "--sts-endpoint", moto.Endpoint,
        ],
        ProcessRunner.CleanEnvironment(world!.Path, ("AWS_REGION", "us-east-1")));

    [Fact]
    public async Task The_aot_sample_app_is_the_role_of_the_alias_with_the_certificate_id_as_session_name()
    {
        var run = await RunSampleAsync("alias-for-roles-anywhere");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(Emulator.CertificateFile()));
        var certificateId = Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
        Assert.Equal($"arn:aws:sts::123456789012:assumed-role/iot-roles-anywhere-role/{certificateId}", run.Stdout.Trim());
    }

    [Fact]
    public async Task The_aot_sample_app_reports_a_refused_alias_as_one_line_with_a_fix()
    {
        var run = await RunSampleAsync("no-such-alias");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        var line = Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("IotCredentialsSample: the endpoint ", line, StringComparison.Ordinal);
        Assert.Contains("403", line, StringComparison.Ordinal);
        Assert.Contains(" — ", line, StringComparison.Ordinal);
    }
}
