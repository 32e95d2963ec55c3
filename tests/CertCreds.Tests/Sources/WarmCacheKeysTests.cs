using CertCreds.Certificates;
using CertCreds.Keys;
using CertCreds.Platform;
using CertCreds.Providers;
using CertCreds.Sources;

namespace CertCreds.Tests.Sources;

/// <summary>What the keyring warm-cache fingerprint changes with, and what it must not change with.</summary>
public sealed class WarmCacheKeysTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("certcreds-warmkey-").FullName;

    public WarmCacheKeysTests()
    {
        File.WriteAllText(Path.Combine(folder, "cert.pem"), "certificate");
        File.WriteAllText(Path.Combine(folder, "key.pem"), "key");
        File.WriteAllText(Path.Combine(folder, "ca.pem"), "anchors");
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static CredentialSettings Settings(string? thing = "thing-1", string? key = "key.pem", string? ca = "ca.pem", double timeout = 10, string alias = "alias") =>
        new(new IdentityOptions("cert.pem", key, null), new IotCredentialSource(new IotCredentialsRequest(IotEndpoint.Parse("prefix.credentials.iot.eu-west-1.amazonaws.com"), alias, thing)), ca, TimeSpan.FromSeconds(timeout));

    private string? Fingerprint(CredentialSettings settings, string? directory = null) =>
        WarmCacheKeys.For(settings, new FileReader(directory ?? folder), KeySources.Default, null)?.Fingerprint(FileStamp.Of);

    [Fact]
    public void The_same_settings_give_the_same_fingerprint_and_the_deadline_does_not_count()
    {
        var first = Fingerprint(Settings());
        Assert.NotNull(first);
        Assert.Equal(first, Fingerprint(Settings()));
        Assert.Equal(first, Fingerprint(Settings(timeout: 3)));
    }

    [Fact]
    public void Every_option_that_changes_the_answer_changes_the_fingerprint()
    {
        var first = Fingerprint(Settings());
        Assert.NotEqual(first, Fingerprint(Settings(thing: null)));
        Assert.NotEqual(first, Fingerprint(Settings(thing: "thing-2")));
        Assert.NotEqual(first, Fingerprint(Settings(alias: "other")));
        Assert.NotEqual(first, Fingerprint(Settings(ca: null)));
    }

    [Fact]
    public void A_rewritten_identity_or_anchor_file_changes_the_fingerprint()
    {
        var first = Fingerprint(Settings());
        File.WriteAllText(Path.Combine(folder, "ca.pem"), "anchors");
        var afterCa = Fingerprint(Settings());
        Assert.NotEqual(first, afterCa);
        File.WriteAllText(Path.Combine(folder, "key.pem"), "key");
        Assert.NotEqual(afterCa, Fingerprint(Settings()));
    }

    [Fact]
    public void Relative_paths_resolve_against_the_given_working_directory()
    {
        var absolute = new CredentialSettings(new IdentityOptions(Path.Combine(folder, "cert.pem"), Path.Combine(folder, "key.pem"), null), Settings().Source, Path.Combine(folder, "ca.pem"), TimeSpan.FromSeconds(10));
        Assert.Equal(Fingerprint(Settings()), Fingerprint(absolute, directory: "/"));
    }

    [Fact]
    public void A_missing_identity_file_gives_no_fingerprint()
    {
        Assert.Null(Fingerprint(Settings(key: "missing.pem")));
    }

    [Fact]
    public void A_pkcs11_key_is_a_setting_whose_pin_does_not_count_but_whose_object_does()
    {
        var keySources = new IKeySource[] { new UriKeySource(), FileKeySource.Instance };
        string? Of(string key) => WarmCacheKeys.For(Settings(key: key), new FileReader(folder), keySources, null)?.Fingerprint(FileStamp.Of);
        var withPin = Of("pkcs11:token=certcreds;object=device-rsa?pin-value=1234");
        Assert.NotNull(withPin);
        Assert.Equal(withPin, Of("pkcs11:token=certcreds;object=device-rsa?pin-value=9999"));
        Assert.NotEqual(withPin, Of("pkcs11:token=certcreds;object=device-ec?pin-value=1234"));
        var key = WarmCacheKeys.For(Settings(key: "pkcs11:token=certcreds;object=device-rsa?pin-value=1234"), new FileReader(folder), keySources, null)!;
        Assert.DoesNotContain(key.IdentityFiles, file => file.Contains("pkcs11", StringComparison.Ordinal));
        Assert.DoesNotContain(key.Settings, pair => pair.Value?.Contains("1234", StringComparison.Ordinal) == true);
    }

    private sealed class UriKeySource : IKeySource
    {
        public string Kind => "pkcs11";

        public bool Accepts(string? privateKey) => privateKey?.StartsWith("pkcs11:", StringComparison.Ordinal) == true;

        public DeviceIdentity Load(IdentityOptions options, KeyLoadContext context) => throw new InvalidOperationException("a fingerprint never loads the identity");
    }
}
