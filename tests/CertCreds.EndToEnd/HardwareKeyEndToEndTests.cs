using System.Text.Json;
using CertCreds.Emulator.State;
using CertCreds.Errors;
using CertCreds.Testing;

namespace CertCreds.EndToEnd;

/// <summary>
/// The published AOT binary with the device key in SoftHSM (PKCS#11) against the emulator's IoT mutual TLS: the
/// certificate comes from the token, the PIN from CERTCREDS_PKCS11_PIN; a wrong PIN ends at once with exit 3 and one
/// line that never holds the PIN.
/// </summary>
public sealed class HardwareKeyEndToEndTests(SoftTokens tokens) : IClassFixture<SoftTokens>, IAsyncLifetime
{
    private const string Thing = "hw-rsa";
    private readonly InProcessEmulator emulator = new();

    public async Task InitializeAsync()
    {
        await emulator.InitializeAsync();
        emulator.State.RegisterCertificate(Thing, await File.ReadAllTextAsync(tokens["SOFTHSM_CERT"]));
    }

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    [Fact]
    public async Task Credential_process_with_a_SoftHSM_key_gets_credentials_and_serves_the_second_call_from_the_cache()
    {
        var first = await RunAsync("pkcs11:token=certcreds;object=device-rsa", tokens["USER_PIN"]);
        var second = await RunAsync("pkcs11:token=certcreds;object=device-rsa", tokens["USER_PIN"]);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        var issued = Assert.Single(emulator.Server.Issued);
        Assert.Equal(issued.AccessKeyId, JsonDocument.Parse(first.Stdout).RootElement.GetProperty("AccessKeyId").GetString());
        Assert.Equal(issued.AccessKeyId, JsonDocument.Parse(second.Stdout).RootElement.GetProperty("AccessKeyId").GetString());
        Assert.Equal(string.Empty, first.Stderr + second.Stderr);
    }

    [Fact]
    public async Task A_wrong_PIN_exits_3_with_one_line_and_the_PIN_appears_nowhere()
    {
        const string WrongPin = "8642097";
        var run = await RunAsync("pkcs11:token=pin-test;object=pin-rsa", WrongPin);

        Assert.True(run.ExitCode == ExitCodes.Identity, run.ToString());
        Assert.Equal(string.Empty, run.Stdout);
        var line = Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("certcreds: the token \"pin-test\" rejected the PIN", line, StringComparison.Ordinal);
        Assert.Contains(" — check the PIN (CERTCREDS_PKCS11_PIN", line, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongPin, run.AllOutput, StringComparison.Ordinal);
        Assert.Empty(emulator.Server.Issued);
    }

    private Task<CliRun> RunAsync(string key, string pin)
    {
        string[] args =
        [
            "credential-process", "--endpoint", emulator.Server.Endpoint, "--role-alias", EmulatorStateDirectory.SeedRoleAlias,
            "--thing-name", Thing, "--private-key", key, "--pkcs11-module", tokens["SOFTHSM_MODULE"], "--ca-cert", emulator.State.RootCaPath,
        ];
        return ProcessRunner.RunAsync(PublishedBinary.Path, args, ProcessRunner.CleanEnvironment(emulator.Folder, [.. tokens.Environment, ("CERTCREDS_PKCS11_PIN", pin)]), workingDirectory: emulator.Folder);
    }
}
