using CertCreds.Emulator.Decisions;

namespace CertCreds.Tests.Emulator;

public sealed class ArnPatternTests
{
    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("a*c", "abbbc", true)]
    [InlineData("a*c", "ac", true)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    [InlineData("*b*", "abc", true)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("a*b", "abc", false)]
    [InlineData("ABC", "abc", false)]
    [InlineData("", "", true)]
    [InlineData("*", "", true)]
    public void Wildcards_match_like_iot_policy_resources(string pattern, string value, bool expected)
    {
        Assert.Equal(expected, ArnPattern.Matches(pattern, value));
    }
}
