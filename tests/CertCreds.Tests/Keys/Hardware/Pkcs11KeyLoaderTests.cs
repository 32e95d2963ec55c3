using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CertCreds.Errors;
using CertCreds.Keys.Hardware;
using CertCreds.Platform;
using Xunit.Abstractions;

namespace CertCreds.Tests.Keys.Hardware;

[Collection(HardwareTokensGroup.Name)]
public sealed class Pkcs11KeyLoaderTests(HardwareTokens tokens, ITestOutputHelper output)
{
    private const string SoftHsmKey = "pkcs11:token=certcreds;object=device-rsa";
    private const string TpmKey = "pkcs11:token=tpm;object=device-ec";

    /// <summary>A token no test logs into successfully (login state is per token and process).</summary>
    private const string PinTestKey = "pkcs11:token=pin-test;object=pin-rsa";

    [HardwareTheory]
    [InlineData("Provider")]
    [InlineData("Engine")]
    public async Task A_SoftHSM_RSA_key_does_TLS_client_authentication(string routeName)
    {
        var route = Enum.Parse<Pkcs11Route>(routeName);
        var watch = Stopwatch.StartNew();
        using var key = Loader(pin: tokens.Pin).Load(Pkcs11Uri.Parse(SoftHsmKey), SoftHsm(route, tokens["SOFTHSM_CERT"]));
        var loaded = watch.Elapsed;

        Assert.IsType<RSAOpenSsl>(key.Key);
        Assert.Equal(route, key.Route);
        Assert.True(key.Certificate.HasPrivateKey);
        var handshake = await HandshakeAsync(key.Certificate);
        output.WriteLine($"SoftHSM RSA via {route}: load {loaded.TotalMilliseconds:F1} ms, handshakes {handshake}");
    }

    [HardwareTheory]
    [InlineData("Provider")]
    [InlineData("Engine")]
    public async Task A_TPM_EC_key_through_tpm2_pkcs11_does_TLS_client_authentication(string routeName)
    {
        var route = Enum.Parse<Pkcs11Route>(routeName);
        var watch = Stopwatch.StartNew();
        using var key = Loader(pin: tokens.Pin).Load(Pkcs11Uri.Parse(TpmKey), Tpm(route, tokens["TPM_CERT"]));
        var loaded = watch.Elapsed;

        Assert.IsType<ECDsaOpenSsl>(key.Key);
        var handshake = await HandshakeAsync(key.Certificate);
        output.WriteLine($"TPM EC via {route}: load {loaded.TotalMilliseconds:F1} ms, handshakes {handshake}");
    }

    [HardwareTheory]
    [InlineData("Provider")]
    [InlineData("Engine")]
    public void A_signature_made_in_the_token_verifies_with_the_certificate(string routeName)
    {
        var route = Enum.Parse<Pkcs11Route>(routeName);
        var data = Encoding.UTF8.GetBytes("AWS4-X509-RSA-SHA256\n20261203T000000Z\nstring to sign");
        using var rsaKey = Loader(pin: tokens.Pin).Load(Pkcs11Uri.Parse(SoftHsmKey), SoftHsm(route, tokens["SOFTHSM_CERT"]));
        using var ecKey = Loader(pin: tokens.Pin).Load(Pkcs11Uri.Parse(TpmKey), Tpm(route, tokens["TPM_CERT"]));

        using var rsaPublic = X509Certificate2.CreateFromPem(File.ReadAllText(tokens["SOFTHSM_CERT"])).GetRSAPublicKey()!;
        using var ecPublic = X509Certificate2.CreateFromPem(File.ReadAllText(tokens["TPM_CERT"])).GetECDsaPublicKey()!;
        var rsaSignature = rsaKey.SignData(data);
        Assert.True(rsaPublic.VerifyData(data, rsaSignature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.False(rsaPublic.VerifyData(data.Append((byte)0).ToArray(), rsaSignature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.True(ecPublic.VerifyData(data, ecKey.SignData(data), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

        // RSA PKCS#1 v1.5 is deterministic, ECDSA is not: what a cache key derived from a token signature can rely on.
        Assert.Equal(rsaSignature, rsaKey.SignData(data));
        Assert.NotEqual(ecKey.SignData(data), ecKey.SignData(data));
    }

    [HardwareTheory]
    [InlineData("pkcs11:token=certcreds;object=device-rsa", "/CN=softhsm device")]
    [InlineData("pkcs11:token=certcreds;id=%01", "/CN=softhsm device")]
    public void The_certificate_is_found_in_the_token_when_no_file_is_given(string uri, string subject)
    {
        using var key = Loader(pin: tokens.Pin).Load(Pkcs11Uri.Parse(uri), SoftHsm(Pkcs11Route.Auto, certificate: null));

        Assert.Equal(subject.TrimStart('/'), key.Certificate.Subject);
        Assert.True(key.Certificate.HasPrivateKey);
        var named = Pkcs11Uri.Parse(key.Description);
        Assert.Equal(("certcreds", "device-rsa", Pkcs11ObjectType.Private), (named.Token, named.Object, named.Type));
        Assert.Equal(new byte[] { 1 }, named.Id);
    }

    [HardwareFact]
    public void The_PIN_comes_from_the_uri_the_pin_file_or_the_environment_in_that_order()
    {
        var pinFile = Path.Combine(Path.GetTempPath(), "certcreds-pin-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(pinFile, tokens.Pin + "\n");
        try
        {
            var fromFile = new Pkcs11KeyOptions(tokens["SOFTHSM_MODULE"], tokens["SOFTHSM_CERT"], pinFile);
            using (Loader(pin: "wrong-but-unused").Load(Pkcs11Uri.Parse(SoftHsmKey), fromFile))
            {
            }

            using (Loader(pin: null).Load(Pkcs11Uri.Parse($"{SoftHsmKey}?pin-source=file:{pinFile}"), SoftHsm(Pkcs11Route.Auto, tokens["SOFTHSM_CERT"])))
            {
            }

            using (Loader(pin: null).Load(Pkcs11Uri.Parse($"{SoftHsmKey}?pin-value={tokens.Pin}"), SoftHsm(Pkcs11Route.Auto, tokens["SOFTHSM_CERT"])))
            {
            }

            var prompt = new CountingPrompt(tokens.Pin);
            using (new Pkcs11KeyLoader(new FileReader("/"), _ => null, prompt).Load(Pkcs11Uri.Parse(SoftHsmKey), SoftHsm(Pkcs11Route.Provider, tokens["SOFTHSM_CERT"])))
            {
            }

            Assert.Equal(1, prompt.Asked);
        }
        finally
        {
            File.Delete(pinFile);
        }
    }

    [HardwareFact]
    public void Without_a_PIN_or_a_terminal_the_load_fails_at_once_instead_of_prompting()
    {
        var e = Assert.Throws<IdentityException>(() => Loader(pin: null).Load(Pkcs11Uri.Parse(SoftHsmKey), SoftHsm(Pkcs11Route.Engine, tokens["SOFTHSM_CERT"])));

        Assert.Equal(ExitCodes.Identity, e.ExitCode);
        Assert.Contains("needs a PIN", e.Message, StringComparison.Ordinal);
        Assert.Contains(Pkcs11KeyLoader.PinVariable, e.Hint, StringComparison.Ordinal);
    }

    [HardwareTheory]
    [InlineData("Provider")]
    [InlineData("Engine")]
    public async Task A_wrong_PIN_costs_the_TPM_exactly_one_try_and_says_so_without_the_PIN(string routeName)
    {
        var route = Enum.Parse<Pkcs11Route>(routeName);
        await HardwareTokens.ClearTpmLockoutAsync();
        var before = await HardwareTokens.TpmLockoutCounterAsync();

        var e = Assert.Throws<IdentityException>(() => Loader(pin: "990077").Load(Pkcs11Uri.Parse("pkcs11:token=tpm-pin;object=pin-ec"), Tpm(route, certificate: null)));

        var after = await HardwareTokens.TpmLockoutCounterAsync();
        await HardwareTokens.ClearTpmLockoutAsync();
        Assert.Equal(before + 1, after);
        Assert.Equal(ExitCodes.Identity, e.ExitCode);
        Assert.Contains("rejected the PIN", e.Message, StringComparison.Ordinal);
        Assert.Contains("tried it once", e.Hint, StringComparison.Ordinal);
        AssertNoSecret(e, "990077");
    }

    [HardwareFact]
    public async Task A_wrong_PIN_on_SoftHSM_reports_the_tokens_low_count_flag_after_one_login()
    {
        var e = Assert.Throws<IdentityException>(() => Loader(pin: "5550123").Load(Pkcs11Uri.Parse(PinTestKey), SoftHsm(Pkcs11Route.Engine, certificate: null)));

        Assert.Contains("rejected the PIN: the token says few tries are left", e.Message, StringComparison.Ordinal);
        AssertNoSecret(e, "5550123");
        var (status, flags) = await HardwareTokens.RunAsync("pkcs11-tool", "--module", tokens["SOFTHSM_MODULE"], "--list-token-slots");
        Assert.True(status == 0, flags);
        Assert.Contains("user PIN count low", flags, StringComparison.Ordinal);

    }

    [HardwareFact]
    public void A_missing_module_is_an_identity_error_naming_the_path()
    {
        var e = Assert.Throws<IdentityException>(() => Loader(pin: tokens.Pin).Load(Pkcs11Uri.Parse(SoftHsmKey), new Pkcs11KeyOptions("/nonexistent/libpkcs11.so", tokens["SOFTHSM_CERT"])));

        Assert.Equal(ExitCodes.Identity, e.ExitCode);
        Assert.Equal("the PKCS#11 module /nonexistent/libpkcs11.so does not exist", e.Message);
        Assert.Contains("--pkcs11-module", e.Hint, StringComparison.Ordinal);
    }

    [HardwareFact]
    public void A_library_that_is_not_a_PKCS11_module_is_named_as_such()
    {
        var notAModule = OpenSslPlugins.FindEngine("pkcs11")!;

        var e = Assert.Throws<IdentityException>(() => Loader(pin: tokens.Pin).Load(Pkcs11Uri.Parse(SoftHsmKey), new Pkcs11KeyOptions(notAModule, tokens["SOFTHSM_CERT"])));

        Assert.Contains("is not a PKCS#11 module", e.Message, StringComparison.Ordinal);
    }

    [HardwareFact]
    public void An_absent_token_is_named_with_the_tokens_that_are_present()
    {
        var e = Assert.Throws<IdentityException>(() => Loader(pin: tokens.Pin).Load(Pkcs11Uri.Parse("pkcs11:token=yubikey;object=device-rsa"), SoftHsm(Pkcs11Route.Auto, tokens["SOFTHSM_CERT"])));

        Assert.Equal(ExitCodes.Identity, e.ExitCode);
        Assert.StartsWith("no token \"yubikey\" is present in the PKCS#11 module", e.Message, StringComparison.Ordinal);
        Assert.Contains("\"certcreds\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("\"pin-test\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("insert the token", e.Hint, StringComparison.Ordinal);
    }

    [HardwareFact]
    public void A_key_that_is_not_in_the_token_is_named_with_the_keys_that_are()
    {
        var e = Assert.Throws<IdentityException>(() => Loader(pin: tokens.Pin).Load(Pkcs11Uri.Parse("pkcs11:token=certcreds;object=nosuch"), SoftHsm(Pkcs11Route.Auto, tokens["SOFTHSM_CERT"])));

        Assert.Equal(ExitCodes.Identity, e.ExitCode);
        Assert.Contains("has no private key labelled \"nosuch\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("\"device-rsa\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("\"other-rsa\"", e.Message, StringComparison.Ordinal);
    }

    [HardwareFact]
    public void A_uri_matching_two_keys_asks_for_a_narrower_one()
    {
        var e = Assert.Throws<IdentityException>(() => Loader(pin: tokens.Pin).Load(Pkcs11Uri.Parse("pkcs11:token=certcreds"), SoftHsm(Pkcs11Route.Auto, tokens["SOFTHSM_CERT"])));

        Assert.Contains("has 2 private keys at all", e.Message, StringComparison.Ordinal);
    }

    [HardwareTheory]
    [InlineData("Provider")]
    [InlineData("Engine")]
    public void A_token_key_that_does_not_match_the_certificate_is_refused(string routeName)
    {
        var route = Enum.Parse<Pkcs11Route>(routeName);
        var e = Assert.Throws<IdentityException>(() => Loader(pin: tokens.Pin).Load(Pkcs11Uri.Parse(SoftHsmKey), SoftHsm(route, tokens["SOFTHSM_OTHER_CERT"])));

        Assert.Equal(ExitCodes.Identity, e.ExitCode);
        Assert.Contains("does not match the certificate", e.Message, StringComparison.Ordinal);
        AssertNoSecret(e, tokens.Pin);
    }

    [HardwareFact]
    public void A_persistent_TPM_handle_signs_through_tpm2_openssl()
    {
        var watch = Stopwatch.StartNew();
        using var key = new TpmHandleKeyLoader(new FileReader("/")).Load(TpmHandle.Parse(tokens["TPM_HANDLE"].Replace("0x", "handle:0x", StringComparison.Ordinal)), tokens["TPM_HANDLE_CERT"]);
        output.WriteLine($"TPM handle via tpm2-openssl: load {watch.Elapsed.TotalMilliseconds:F1} ms");

        var data = Encoding.UTF8.GetBytes("string to sign");
        using var pub = X509Certificate2.CreateFromPem(File.ReadAllText(tokens["TPM_HANDLE_CERT"])).GetECDsaPublicKey()!;
        Assert.True(pub.VerifyData(data, key.SignData(data), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [HardwareFact]
    public void A_TPM_handle_with_someone_elses_certificate_is_refused()
    {
        var e = Assert.Throws<IdentityException>(() => new TpmHandleKeyLoader(new FileReader("/")).Load(TpmHandle.Parse("handle:0x81000010"), tokens["TPM_CERT"]));

        Assert.Contains("does not match the certificate", e.Message, StringComparison.Ordinal);
    }

    private static Pkcs11KeyLoader Loader(string? pin) =>
        new(new FileReader("/"), name => name == Pkcs11KeyLoader.PinVariable ? pin : null, prompt: null);

    /// <summary>
    /// The engine binds the first module a process uses for the process's life, so every engine test goes through the
    /// default module, p11-kit's proxy, which serves both fixture tokens; the provider tests name each module.
    /// </summary>
    private Pkcs11KeyOptions SoftHsm(Pkcs11Route route, string? certificate) =>
        new(route == Pkcs11Route.Engine ? null : tokens["SOFTHSM_MODULE"], certificate, null, route);

    private Pkcs11KeyOptions Tpm(Pkcs11Route route, string? certificate) =>
        new(route == Pkcs11Route.Engine ? null : tokens["TPM_MODULE"], certificate, null, route);

    private static void AssertNoSecret(Exception e, string secret)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            Assert.DoesNotContain(secret, x.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, x.ToString(), StringComparison.Ordinal);
        }

        if (e is CertCredsException c)
        {
            Assert.DoesNotContain(secret, c.Hint, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// A TLS 1.3 and a TLS 1.2 handshake against a loopback SslStream server that requires a client certificate
    /// issued by the fixture CA; returns the two durations.
    /// </summary>
    private async Task<string> HandshakeAsync(X509Certificate2 clientCertificate)
    {
        using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(tokens["CA_PEM"]));
        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        using var serverCertificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));

        var results = new List<string>();
        foreach (var protocol in new[] { System.Security.Authentication.SslProtocols.Tls13, System.Security.Authentication.SslProtocols.Tls12 })
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            X509Certificate2? seen = null;
            var serverTask = Task.Run(async () =>
            {
                using var socket = await listener.AcceptTcpClientAsync();
                using var server = new SslStream(socket.GetStream());
                await server.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = serverCertificate,
                    ClientCertificateRequired = true,
                    EnabledSslProtocols = protocol,
                    RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    {
                        if (certificate is null)
                        {
                            return false;
                        }

                        using var chain = new X509Chain();
                        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                        chain.ChainPolicy.CustomTrustStore.Add(ca);
                        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                        seen = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                        return chain.Build(seen);
                    },
                });
                var buffer = new byte[5];
                await server.ReadExactlyAsync(buffer);
                await server.WriteAsync(buffer);
            });

            var watch = Stopwatch.StartNew();
            using (var socket = new TcpClient())
            {
                await socket.ConnectAsync(IPAddress.Loopback, port);
                using var client = new SslStream(socket.GetStream());
                await client.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = "127.0.0.1",
                    ClientCertificates = [clientCertificate],
                    EnabledSslProtocols = protocol,
                    RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == serverCertificate.GetCertHashString(),
                });
                var elapsed = watch.Elapsed;
                await client.WriteAsync("hello"u8.ToArray());
                var echo = new byte[5];
                await client.ReadExactlyAsync(echo);
                Assert.Equal("hello"u8.ToArray(), echo);
                results.Add($"{protocol} {elapsed.TotalMilliseconds:F1} ms");
            }

            await serverTask.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.NotNull(seen);
            Assert.Equal(clientCertificate.Thumbprint, seen!.Thumbprint);
            seen.Dispose();
        }

        return string.Join(", ", results);
    }

    private sealed class CountingPrompt(string pin) : IPinPrompt
    {
        public int Asked { get; private set; }

        public string? ReadPin(string prompt)
        {
            Asked++;
            return pin;
        }
    }
}
