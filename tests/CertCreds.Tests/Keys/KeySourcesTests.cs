using CertCreds.Cli.AwsFiles;
using CertCreds.Certificates;
using CertCreds.Keys;
using CertCreds.Providers;
using CertCreds.Sources;

namespace CertCreds.Tests.Keys;

public sealed class KeySourcesTests
{
    [Theory]
    [InlineData("pkcs11:token=certcreds;object=device-rsa", "pkcs11")]
    [InlineData("PKCS11:token=t", "pkcs11")]
    [InlineData("handle:0x81000010", "tpm")]
    [InlineData("/etc/certcreds/private.pem.key", "file")]
    [InlineData("pkcs11-key.pem", "file")]
    [InlineData(null, "file")]
    public void The_form_of_the_private_key_value_picks_its_source(string? privateKey, string kind)
    {
        Assert.Equal(kind, KeySources.For(KeySources.Default, privateKey).Kind);
    }

    [Fact]
    public void Only_the_TPM_handle_source_is_signing_only()
    {
        Assert.Equal(["tpm"], KeySources.Default.Where(s => s.SigningOnly).Select(s => s.Kind));
    }

    [Fact]
    public void A_profile_keeps_a_token_uri_as_written_and_makes_the_module_path_absolute()
    {
        var identity = new IdentityOptions(null, "pkcs11:token=certcreds;object=device-rsa", "pin.txt") { Pkcs11Module = "lib/libsofthsm2.so" };
        var source = new IotCredentialSource(new IotCredentialsRequest(IotEndpoint.Parse("example.credentials.iot.eu-west-1.amazonaws.com"), "alias", null));
        var settings = new CredentialSettings(identity, source, null, TimeSpan.FromSeconds(10));

        var absolute = ProfileCommandLine.Absolute(settings, "/home/device");
        var line = ProfileCommandLine.Build("/usr/bin/certcreds", absolute);

        Assert.Equal("pkcs11:token=certcreds;object=device-rsa", absolute.Identity.PrivateKeyPath);
        Assert.Equal("/home/device/lib/libsofthsm2.so", absolute.Identity.Pkcs11Module);
        Assert.Null(absolute.Identity.CertificatePath);
        Assert.Contains("--private-key 'pkcs11:token=certcreds;object=device-rsa' --pkcs11-module /home/device/lib/libsofthsm2.so --private-key-password-file /home/device/pin.txt", line, StringComparison.Ordinal);
        Assert.DoesNotContain("--certificate", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_TPM_handle_in_a_profile_is_not_taken_for_a_relative_path()
    {
        var identity = new IdentityOptions("device.pem", "handle:0x81000010", null);
        var source = new IotCredentialSource(new IotCredentialsRequest(IotEndpoint.Parse("example.credentials.iot.eu-west-1.amazonaws.com"), "alias", null));

        var absolute = ProfileCommandLine.Absolute(new CredentialSettings(identity, source, null, TimeSpan.FromSeconds(10)), "/home/device");

        Assert.Equal(("/home/device/device.pem", "handle:0x81000010"), (absolute.Identity.CertificatePath, absolute.Identity.PrivateKeyPath));
    }

    [Theory]
    [InlineData("key.pem")]
    [InlineData("handle:0x81000010")]
    public async Task Only_a_token_key_may_leave_out_the_certificate(string privateKey)
    {
        var run = await Cli.CliHarness.RunAsync(Path.GetTempPath(), "credential-process", "--endpoint", "example.credentials.iot.eu-west-1.amazonaws.com", "--role-alias", "alias", "--private-key", privateKey);

        Assert.Equal(global::CertCreds.Errors.ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("certcreds: no certificate was given — ", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }
}
