using CertCreds.Errors;
using CertCreds.Keys.Hardware;

namespace CertCreds.Tests.Keys.Hardware;

public sealed class Pkcs11UriTests
{
    [Fact]
    public void Path_attributes_are_read_and_percent_decoded()
    {
        var uri = Pkcs11Uri.Parse("pkcs11:token=My%20Token;manufacturer=SoftHSM%20project;serial=0a1b;model=SoftHSM%20v2;object=device-rsa;id=%01%02%ff;type=private;slot-id=7;library-version=2.6");

        Assert.Equal("My Token", uri.Token);
        Assert.Equal("SoftHSM project", uri.Manufacturer);
        Assert.Equal("0a1b", uri.Serial);
        Assert.Equal("SoftHSM v2", uri.Model);
        Assert.Equal("device-rsa", uri.Object);
        Assert.Equal(new byte[] { 1, 2, 0xff }, uri.Id);
        Assert.Equal(Pkcs11ObjectType.Private, uri.Type);
        Assert.Equal(7UL, uri.SlotId);
        Assert.Equal("2.6", uri.LibraryVersion);
    }

    [Fact]
    public void Query_attributes_are_read()
    {
        var uri = Pkcs11Uri.Parse("pkcs11:token=T?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=file:/run/pin");

        Assert.Equal("/usr/lib/softhsm/libsofthsm2.so", uri.ModulePath);
        Assert.Equal("file:/run/pin", uri.PinSource);
        Assert.Null(uri.PinValue);
    }

    [Fact]
    public void An_empty_path_names_any_object()
    {
        var uri = Pkcs11Uri.Parse("pkcs11:");

        Assert.Null(uri.Token);
        Assert.Null(uri.Object);
        Assert.Equal("pkcs11:", uri.ToString());
    }

    [Fact]
    public void The_printed_form_never_contains_the_pin_value()
    {
        var uri = Pkcs11Uri.Parse("pkcs11:token=T;object=K?pin-value=s3cr%65t-9931");

        Assert.Equal("s3cret-9931", uri.PinValue);
        Assert.Equal("pkcs11:token=T;object=K", uri.ToString());
        Assert.DoesNotContain("9931", uri.ToString(), StringComparison.Ordinal);
        Assert.Contains("pin-value=s3cret-9931", uri.ToOpenSslUri(), StringComparison.Ordinal);
    }

    [Fact]
    public void Printing_round_trips_every_attribute_but_the_pin()
    {
        var text = "pkcs11:serial=42;token=a%3Bb%20c;object=k%C3%A9y;id=%00%FF;type=private?module-path=/opt/m.so&pin-value=1234";
        var printed = Pkcs11Uri.Parse(text).ToString();
        var again = Pkcs11Uri.Parse(printed);

        Assert.Equal("a;b c", again.Token);
        Assert.Equal("kéy", again.Object);
        Assert.Equal(new byte[] { 0, 0xff }, again.Id);
        Assert.Equal("/opt/m.so", again.ModulePath);
        Assert.Null(again.PinValue);
    }

    [Theory]
    [InlineData("pkcs11:token=T;colour=blue", "colour")]
    [InlineData("pkcs11:token=T;token=U", "twice")]
    [InlineData("pkcs11:id=%0", "percent escape")]
    [InlineData("pkcs11:id=%zz", "percent escape")]
    [InlineData("pkcs11:object=two words", "percent-encoded")]
    [InlineData("pkcs11:type=secret", "type")]
    [InlineData("pkcs11:type=secret-key", "cannot sign")]
    [InlineData("pkcs11:slot-id=-1", "slot-id")]
    [InlineData("pkcs11:library-version=2.x", "library-version")]
    [InlineData("pkcs11:token=T?pin-value=1&pin-source=/p", "both")]
    [InlineData("pkcs11:token=T?module-path=lib.so", "absolute")]
    [InlineData("pkcs11:pin-value=1", "after a '?'")]
    [InlineData("pkcs11:token=T?object=K", "before the '?'")]
    [InlineData("pkcs11:token", "name=value")]
    [InlineData("pkcs11:Token=T", "characters")]
    [InlineData("pkcs11:object=%ff%fe", "UTF-8")]
    [InlineData("file:/key.pem", "not a PKCS#11 URI")]
    public void A_malformed_uri_is_a_usage_error_that_says_what_is_wrong(string text, string said)
    {
        var e = Assert.Throws<UsageException>(() => Pkcs11Uri.Parse(text, "--private-key"));

        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Contains(said, e.Message + " " + e.Hint, StringComparison.Ordinal);
        Assert.StartsWith("--private-key", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message + e.Hint);
        Assert.False(string.IsNullOrWhiteSpace(e.Hint));
    }

    [Fact]
    public void Errors_about_other_attributes_never_echo_the_pin()
    {
        var e = Assert.Throws<UsageException>(() => Pkcs11Uri.Parse("pkcs11:type=bogus?pin-value=77331199"));

        Assert.DoesNotContain("77331199", e.Message + e.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pkcs11:token=T", true)]
    [InlineData("PKCS11:token=T", true)]
    [InlineData("/etc/certcreds/key.pem", false)]
    [InlineData("handle:0x81000001", false)]
    public void Only_values_with_the_scheme_are_taken_for_uris(string value, bool expected) =>
        Assert.Equal(expected, Pkcs11Uri.IsPkcs11Uri(value));
}
