using CertCreds.Errors;
using CertCreds.Keys.Hardware;

namespace CertCreds.Tests.Keys.Hardware;

public sealed class TpmHandleTests
{
    [Theory]
    [InlineData("handle:0x81000001", 0x81000001u)]
    [InlineData("handle:0x81FFFFFF", 0x81FFFFFFu)]
    [InlineData("HANDLE:0x81000010", 0x81000010u)]
    public void A_persistent_handle_is_parsed_and_printed_as_tpm2_openssl_takes_it(string text, uint value)
    {
        var handle = TpmHandle.Parse(text);

        Assert.Equal(value, handle.Value);
        Assert.Equal($"handle:0x{value:x8}", handle.ToString());
    }

    [Theory]
    [InlineData("handle:0x80000001", "not a persistent")]
    [InlineData("handle:0x01000000", "not a persistent")]
    [InlineData("handle:81000001", "hexadecimal")]
    [InlineData("handle:0x", "hexadecimal")]
    [InlineData("handle:0x810000011", "hexadecimal")]
    [InlineData("handle:0xZZ", "hexadecimal")]
    public void A_handle_that_is_not_a_persistent_key_is_a_usage_error(string text, string said)
    {
        var e = Assert.Throws<UsageException>(() => TpmHandle.Parse(text, "--private-key"));

        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Contains(said, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("handle:0x81000001", true)]
    [InlineData("pkcs11:token=T", false)]
    [InlineData("handles/key.pem", false)]
    public void Only_values_with_the_handle_prefix_are_taken_for_tpm_keys(string value, bool expected) =>
        Assert.Equal(expected, TpmHandle.IsTpmHandle(value));
}
