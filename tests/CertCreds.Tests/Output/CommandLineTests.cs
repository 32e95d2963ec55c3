using CertCreds.Output;

namespace CertCreds.Tests.Output;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData("/usr/local/bin/certcreds", "/usr/local/bin/certcreds")]
    [InlineData("/data/my device/cert.pem", "'/data/my device/cert.pem'")]
    [InlineData("/it's/$HOME/`x`", "'/it'\\''s/$HOME/`x`'")]
    [InlineData("", "''")]
    public void Words_are_left_bare_when_safe_and_single_quoted_otherwise(string word, string quoted)
    {
        Assert.Equal(quoted, CommandLine.Quote(word));
    }

    [Fact]
    public void Splitting_a_joined_line_gives_the_words_back()
    {
        string[] words = ["/a b/certcreds", "credential-process", "--certificate", "/x/it's \"here\"/c.pem", "--thing-name", "t$1", "back\\slash"];
        Assert.Equal(words, CommandLine.TrySplit(CommandLine.Join(words)));
    }

    [Fact]
    public void Split_follows_python_shlex_for_double_quotes_and_escapes()
    {
        Assert.Equal(["a b", "c\"d", "e\\f", "g h"], CommandLine.TrySplit("\"a b\" \"c\\\"d\" \"e\\f\" g\\ h"));
        Assert.Null(CommandLine.TrySplit("'unclosed"));
    }
}
