using System.Text;
using System.Text.Json;
using CertCreds.Certificates;
using CertCreds.Credentials;
using CertCreds.Emulator.State;
using CertCreds.Errors;
using CertCreds.Platform;
using CertCreds.Providers;
using CertCreds.Serving;
using CertCreds.Sources;
using CertCreds.Testing;
using CertCreds.Tests.Cli;

namespace CertCreds.Tests.Keys.Hardware;

/// <summary>
/// Token keys through the core service and the CLI against the in-process emulator (IoT mutual TLS): SoftHSM's RSA key
/// and the TPM's EC key (tpm2-pkcs11), with their fixture certificates registered in the emulator.
/// </summary>
[Collection(HardwareTokensGroup.Name)]
public sealed class HardwareKeysThroughServiceTests(HardwareTokens tokens) : IAsyncLifetime
{
    private const string SoftHsmKey = "pkcs11:token=certcreds;object=device-rsa";
    private const string TpmKey = "pkcs11:token=tpm;object=device-ec";
    private const string RsaThing = "hw-rsa";
    private const string EcThing = "hw-ec";

    private readonly InProcessEmulator emulator = new();
    private readonly string folder = Directory.CreateTempSubdirectory("certcreds-hw-service-").FullName;
    private readonly StringWriter trace = new();

    public async Task InitializeAsync()
    {
        await emulator.InitializeAsync();
        emulator.State.RegisterCertificate(RsaThing, await File.ReadAllTextAsync(tokens["SOFTHSM_CERT"]));
        emulator.State.RegisterCertificate(EcThing, await File.ReadAllTextAsync(tokens["TPM_CERT"]));
    }

    public async Task DisposeAsync()
    {
        await emulator.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [HardwareFact]
    public async Task A_SoftHSM_RSA_key_gets_credentials_and_the_second_call_is_a_cache_hit_with_the_certificate_from_the_token()
    {
        var service = Service(tokens.Pin);
        var settings = Settings(SoftHsmKey, tokens["SOFTHSM_MODULE"], certificate: null, RsaThing);
        var store = CacheStore.TryOpen(Path.Combine(folder, "cache"), out var refusal)!;
        Assert.Null(refusal);

        var first = await service.FetchThroughCacheAsync(settings, store, CancellationToken.None);
        var second = await service.FetchThroughCacheAsync(settings, store, CancellationToken.None);

        Assert.Equal(CacheOutcome.Fetched, first.Outcome);
        Assert.Equal(CacheOutcome.Hit, second.Outcome);
        Assert.Equal(first.Credentials.AccessKeyId, second.Credentials.AccessKeyId);
        Assert.Equal(first.Credentials.AccessKeyId, Assert.Single(emulator.Server.Issued).AccessKeyId);
        Assert.Matches("identity: certificate [0-9a-f]+ .* in pkcs11:[^ ]*token=certcreds;object=device-rsa;", trace.ToString());
    }

    [HardwareFact]
    public async Task A_copied_cache_file_opens_only_with_the_token_key_it_was_sealed_with()
    {
        var service = Service(tokens.Pin);
        var settings = Settings(SoftHsmKey, tokens["SOFTHSM_MODULE"], tokens["SOFTHSM_CERT"], RsaThing);
        var store = CacheStore.TryOpen(Path.Combine(folder, "cache"), out _)!;
        var fetched = await service.FetchThroughCacheAsync(settings, store, CancellationToken.None);
        var entry = Assert.Single(Directory.GetFiles(store.Directory), f => !f.EndsWith(".lock", StringComparison.Ordinal));
        var sealedBytes = await File.ReadAllBytesAsync(entry);
        Assert.DoesNotContain(fetched.Credentials.AccessKeyId, Encoding.ASCII.GetString(sealedBytes), StringComparison.Ordinal);

        using var device = service.LoadIdentity(settings.Identity);
        var key = CredentialService.CacheKeyFor(settings.Source, device);
        using (var right = CacheCipher.Create(device.Certificate, key, keyInHardware: true))
        {
            Assert.Equal(fetched.Credentials.AccessKeyId, right.Open(sealedBytes)?.Credentials.AccessKeyId);
        }

        // Another key (the token's other RSA key with its own certificate) under the very same entry name: nothing opens.
        using var other = service.LoadIdentity(new IdentityOptions(tokens["SOFTHSM_OTHER_CERT"], "pkcs11:token=certcreds;object=other-rsa", null) { Pkcs11Module = tokens["SOFTHSM_MODULE"] });
        using var wrong = CacheCipher.Create(other.Certificate, key, keyInHardware: true);
        Assert.Null(wrong.Open(sealedBytes));
    }

    [HardwareFact]
    public async Task A_TPM_EC_key_that_may_only_sign_gets_credentials_every_call_without_a_disk_cache()
    {
        var service = Service(tokens.Pin);
        var settings = Settings(TpmKey, tokens["TPM_MODULE"], tokens["TPM_CERT"], EcThing);
        var store = CacheStore.TryOpen(Path.Combine(folder, "cache"), out _)!;

        var first = await service.FetchThroughCacheAsync(settings, store, CancellationToken.None);
        var second = await service.FetchThroughCacheAsync(settings, store, CancellationToken.None);

        Assert.Equal(CacheOutcome.Fetched, first.Outcome);
        Assert.Equal(CacheOutcome.Fetched, second.Outcome);
        Assert.Equal(2, emulator.Server.Issued.Count);
        Assert.DoesNotContain(Directory.GetFiles(store.Directory), f => !f.EndsWith(".lock", StringComparison.Ordinal));
        Assert.Contains("cache: not used for this key (the token's EC key may only sign", trace.ToString(), StringComparison.Ordinal);
    }

    [HardwareFact]
    public async Task A_TPM_handle_is_refused_for_the_IoT_sources_mutual_TLS_before_it_is_opened()
    {
        var service = Service(tokens.Pin);
        var settings = Settings("handle:0x81000010", module: null, tokens["TPM_HANDLE_CERT"], EcThing);

        var e = await Assert.ThrowsAsync<IdentityException>(() => service.FetchAsync(settings, CancellationToken.None));

        Assert.Equal(ExitCodes.Identity, e.ExitCode);
        Assert.Contains("can only sign", e.Message, StringComparison.Ordinal);
        Assert.Contains("pkcs11:", e.Hint, StringComparison.Ordinal);
        Assert.DoesNotContain("identity:", trace.ToString(), StringComparison.Ordinal);
        Assert.Empty(emulator.Server.Issued);
    }

    [HardwareFact]
    public async Task Serve_keeps_the_token_key_loaded_across_refreshes_and_reloads_it_once_after_a_failure()
    {
        var service = Service(tokens.Pin);
        var settings = Settings(SoftHsmKey, tokens["SOFTHSM_MODULE"], tokens["SOFTHSM_CERT"], RsaThing);
        var state = new ServeState();
        var refresher = service.CreateRefresher(settings, state);

        await refresher.FetchOnceAsync(CancellationToken.None);
        await refresher.FetchOnceAsync(CancellationToken.None);
        Assert.Equal(1, Loads());

        emulator.Server.Faults.Enqueue(CertCreds.Emulator.Faults.FaultSpec.WithStatus(403));
        await Assert.ThrowsAnyAsync<CertCredsException>(() => refresher.FetchOnceAsync(CancellationToken.None));
        await refresher.FetchOnceAsync(CancellationToken.None);
        await refresher.FetchOnceAsync(CancellationToken.None);

        Assert.Equal(2, Loads());
        Assert.Equal(4, emulator.Server.Issued.Count);
    }

    [HardwareFact]
    public async Task Doctor_reports_the_token_the_key_match_tls_and_the_cache_for_RSA_and_warns_for_sign_only_EC()
    {
        var rsa = await DoctorAsync(SoftHsmKey, tokens["SOFTHSM_MODULE"], certificate: null, RsaThing);
        var ec = await DoctorAsync(TpmKey, tokens["TPM_MODULE"], tokens["TPM_CERT"], EcThing);

        Assert.True(rsa.Run.ExitCode == 0, rsa.Run.ToString());
        Assert.Equal(("pass", "pass", "pass", "pass", "pass"), (rsa.Checks["token"], rsa.Checks["identity"], rsa.Checks["cache"], rsa.Checks["tls"], rsa.Checks["request"]));
        Assert.True(ec.Run.ExitCode == 0, ec.Run.ToString());
        Assert.Equal(("pass", "warn", "pass", "pass"), (ec.Checks["token"], ec.Checks["cache"], ec.Checks["tls"], ec.Checks["request"]));
        Assert.Contains("may only sign", ec.Run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(tokens.Pin, rsa.Run.AllOutput + ec.Run.AllOutput, StringComparison.Ordinal);
    }

    [HardwareFact]
    public async Task Doctor_with_a_wrong_PIN_fails_the_token_check_once_and_skips_the_identity()
    {
        var (run, checks) = await DoctorAsync("pkcs11:token=pin-test;object=pin-rsa", tokens["SOFTHSM_MODULE"], tokens["SOFTHSM_CERT"], RsaThing, pin: "7770001");

        Assert.Equal(ExitCodes.Identity, run.ExitCode);
        Assert.Equal(("fail", "skip"), (checks["token"], checks["identity"]));
        Assert.Contains("rejected the PIN", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("7770001", run.AllOutput, StringComparison.Ordinal);
    }

    [HardwareFact]
    public async Task Configure_writes_the_uri_and_module_into_the_profile_and_never_a_PIN()
    {
        var config = Path.Combine(folder, "config");
        var environment = Environment(tokens.Pin, config);
        var run = await CliHarness.RunAsync(folder, environment, null, [.. CommonArguments(SoftHsmKey, tokens["SOFTHSM_MODULE"], null, RsaThing, "configure"), "--profile", "hw", "--command", "/usr/bin/true"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var written = await File.ReadAllTextAsync(config);
        Assert.Contains($"--private-key 'pkcs11:token=certcreds;object=device-rsa' --pkcs11-module {tokens["SOFTHSM_MODULE"]}", written, StringComparison.Ordinal);
        Assert.DoesNotContain("--certificate", written, StringComparison.Ordinal);
        Assert.DoesNotContain(tokens.Pin, written + run.AllOutput, StringComparison.Ordinal);
    }

    [HardwareFact]
    public async Task Configure_refuses_a_uri_holding_its_PIN_and_writes_nothing()
    {
        var config = Path.Combine(folder, "config");
        var run = await CliHarness.RunAsync(folder, Environment(pin: null, config), null, [.. CommonArguments($"{SoftHsmKey}?pin-value={tokens.Pin}", tokens["SOFTHSM_MODULE"], null, RsaThing, "configure"), "--profile", "hw"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.False(File.Exists(config));
        Assert.Empty(run.Stdout);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains("pin-source=file:", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(tokens.Pin, run.AllOutput, StringComparison.Ordinal);
        Assert.Empty(emulator.Server.Issued);
    }

    [HardwareFact]
    public async Task Credential_process_without_a_PIN_and_without_a_terminal_fails_at_once_with_exit_3()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var run = await CliHarness.RunAsync(folder, Environment(pin: null, Path.Combine(folder, "config")), null, [.. CommonArguments(SoftHsmKey, tokens["SOFTHSM_MODULE"], tokens["SOFTHSM_CERT"], RsaThing, "credential-process")]);

        Assert.Equal(ExitCodes.Identity, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.StartsWith("certcreds: the token \"certcreds\" needs a PIN and none was given — ", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.InRange(started.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [HardwareTheory]
    [InlineData("--tpm-key-password", "secret-on-the-command-line", "visible to every user in /proc")]
    [InlineData("--reuse-pin", null, "CKA_ALWAYS_AUTHENTICATE")]
    public async Task Aws_signing_helpers_options_that_certcreds_cannot_honour_are_refused_with_the_reason(string option, string? value, string reason)
    {
        string[] extra = value is null ? [option] : [option, value];
        var run = await CliHarness.RunAsync(folder, Environment(tokens.Pin, Path.Combine(folder, "config")), null, [.. CommonArguments(SoftHsmKey, tokens["SOFTHSM_MODULE"], tokens["SOFTHSM_CERT"], RsaThing, "credential-process"), .. extra]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(reason, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-on-the-command-line", run.AllOutput, StringComparison.Ordinal);
        Assert.Empty(emulator.Server.Issued);
    }

    [HardwareFact]
    public async Task The_pkcs11_lib_alias_and_no_tpm_key_password_are_accepted()
    {
        var args = CommonArguments(SoftHsmKey, module: null, tokens["SOFTHSM_CERT"], RsaThing, "credential-process");
        var run = await CliHarness.RunAsync(folder, Environment(tokens.Pin, Path.Combine(folder, "config")), null, [.. args, "--pkcs11-lib", tokens["SOFTHSM_MODULE"], "--no-tpm-key-password", "--no-cache"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Assert.Single(emulator.Server.Issued).AccessKeyId, JsonDocument.Parse(run.Stdout).RootElement.GetProperty("AccessKeyId").GetString());
    }

    private int Loads() => trace.ToString().Split('\n').Count(l => l.Contains("identity: certificate", StringComparison.Ordinal));

    private CredentialService Service(string? pin) =>
        new(new CredentialEnvironment(new FileReader(folder), TimeProvider.System, name => name == "CERTCREDS_PKCS11_PIN" ? pin : null, _ => null, _ => { })
        {
            Trace = new Tracer(trace, TimeProvider.System),
        });

    private CredentialSettings Settings(string key, string? module, string? certificate, string thing) =>
        new(
            new IdentityOptions(certificate, key, null) { Pkcs11Module = module },
            new IotCredentialSource(new IotCredentialsRequest(IotEndpoint.Parse(emulator.Server.Endpoint), EmulatorStateDirectory.SeedRoleAlias, thing)),
            emulator.State.RootCaPath,
            TimeSpan.FromSeconds(30));

    private Dictionary<string, string> Environment(string? pin, string config)
    {
        var environment = new Dictionary<string, string> { ["HOME"] = folder, ["AWS_CONFIG_FILE"] = config, ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(folder, "credentials") };
        if (pin is not null)
        {
            environment["CERTCREDS_PKCS11_PIN"] = pin;
        }

        return environment;
    }

    private List<string> CommonArguments(string key, string? module, string? certificate, string thing, string verb)
    {
        List<string> args = [verb, "--endpoint", emulator.Server.Endpoint, "--role-alias", EmulatorStateDirectory.SeedRoleAlias, "--thing-name", thing, "--private-key", key, "--ca-cert", emulator.State.RootCaPath];
        if (module is not null)
        {
            args.AddRange(["--pkcs11-module", module]);
        }

        if (certificate is not null)
        {
            args.AddRange(["--certificate", certificate]);
        }

        return args;
    }

    private async Task<(CliRun Run, Dictionary<string, string> Checks)> DoctorAsync(string key, string module, string? certificate, string thing, string? pin = null)
    {
        var run = await CliHarness.RunAsync(folder, Environment(pin ?? tokens.Pin, Path.Combine(folder, "config")), null, [.. CommonArguments(key, module, certificate, thing, "doctor"), "--json"]);
        var checks = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("check").GetString()!, c => c.GetProperty("status").GetString()!);
        return (run, checks);
    }
}
