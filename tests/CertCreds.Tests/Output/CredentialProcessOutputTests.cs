using System.Text;
using System.Text.Json;
using CertCreds.Credentials;
using CertCreds.Output;

namespace CertCreds.Tests.Output;

public sealed class CredentialProcessOutputTests
{
    private static readonly TemporaryCredentials Credentials = new("ASIAEXAMPLE", "secret/+=", "token+/=", new DateTimeOffset(2026, 11, 28, 23, 29, 12, 678, TimeSpan.Zero));

    [Fact]
    public void Output_is_exactly_the_credential_process_document()
    {
        var text = Encoding.UTF8.GetString(CredentialProcessOutput.Serialize(Credentials));
        Assert.Equal("{\"Version\":1,\"AccessKeyId\":\"ASIAEXAMPLE\",\"SecretAccessKey\":\"secret/+=\",\"SessionToken\":\"token+/=\",\"Expiration\":\"2026-11-28T23:29:12Z\"}\n", text);
    }

    [Fact]
    public void Output_has_no_bom_and_version_is_the_number_one()
    {
        var bytes = CredentialProcessOutput.Serialize(Credentials);
        Assert.NotEqual(0xEF, bytes[0]);
        using var document = JsonDocument.Parse(bytes);
        Assert.Equal(JsonValueKind.Number, document.RootElement.GetProperty("Version").ValueKind);
        Assert.Equal("secret/+=", document.RootElement.GetProperty("SecretAccessKey").GetString());
    }

    [Fact]
    public void Expiration_is_written_in_utc_even_for_offset_times()
    {
        var offset = Credentials with { Expiration = new DateTimeOffset(2026, 11, 29, 8, 29, 12, TimeSpan.FromHours(9)) };
        Assert.Equal("2026-11-28T23:29:12Z", CredentialProcessOutput.FormatExpiration(offset.Expiration));
    }

    [Fact]
    public void Credentials_never_print_their_secret()
    {
        var text = Credentials.ToString();
        Assert.DoesNotContain("secret/+=", text, StringComparison.Ordinal);
        Assert.DoesNotContain("token+/=", text, StringComparison.Ordinal);
        Assert.Contains("ASIAEXAMPLE", text, StringComparison.Ordinal);
    }
}
