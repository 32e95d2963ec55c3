using CertCreds.Errors;

namespace CertCreds.Tests.Errors;

public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("clear\u001b[2Jscreen", "clear\\x1b[2Jscreen")]
    [InlineData("bell\u0007", "bell\\x07")]
    [InlineData("c1\u009bcsi", "c1\\x9bcsi")]
    [InlineData("del\u007f", "del\\x7f")]
    [InlineData("evil\u202Etxt.exe", "evil\\u202etxt.exe")]
    [InlineData("\u2066isolate\u2069", "\\u2066isolate\\u2069")]
    [InlineData("mark\u200E\u200F", "mark\\u200e\\u200f")]
    [InlineData("two\nlines\r", "two\\x0alines\\x0d")]
    public void Control_and_bidi_characters_are_shown_escaped(string raw, string shown)
    {
        Assert.Equal(shown, TerminalText.Escape(raw));
    }

    [Theory]
    [InlineData("certcreds: the certificate /etc/device/cert.pem does not exist — check the path")]
    [InlineData("Größe 日本語 émulateur")]
    [InlineData("")]
    public void Ordinary_text_passes_unchanged(string text)
    {
        Assert.Equal(text, TerminalText.Escape(text));
    }

    [Fact]
    public void Multi_line_output_keeps_its_line_feeds_and_nothing_else()
    {
        Assert.Equal("line one\nline \\x1b[31mtwo\n", TerminalText.Escape("line one\nline \u001b[31mtwo\n", keepLineFeeds: true));
    }

    [Fact]
    public void Every_escaped_character_is_gone_from_the_result()
    {
        var all = new string(Enumerable.Range(0, 0x2100).Select(i => (char)i).ToArray());
        var escaped = TerminalText.Escape(all);
        Assert.DoesNotContain(escaped, TerminalText.IsUnsafe);
    }
}
