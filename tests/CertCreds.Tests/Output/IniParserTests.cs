using CertCreds.Errors;
using CertCreds.Output;
using CertCreds.Platform;

namespace CertCreds.Tests.Output;

public sealed class IniParserTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("certcreds-ini-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>
    /// The old regex parser took over two minutes on these lines; a linear parser takes milliseconds. The
    /// generous bound keeps the test meaningful on a loaded CI machine without timing anything precisely.
    /// </summary>
    private static IReadOnlyList<IniLine> ParseWithinTenSeconds(string text)
    {
        var parse = Task.Run(() => IniParser.Parse(text));
        Assert.True(parse.Wait(TimeSpan.FromSeconds(10)), "parsing did not finish within 10 s");
        return parse.Result;
    }

    public static TheoryData<string, string> LongLines => new()
    {
        { "blanks between key and nothing", "[default]\nkey" + new string(' ', 400_000) + "x\n" },
        { "blanks before the delimiter", "[default]\nkey" + new string(' ', 400_000) + "= value\n" },
        { "blanks after the delimiter", "[default]\nkey =" + new string('\t', 400_000) + "value\n" },
        { "no delimiter at all", "[default]\n" + new string('k', 400_000) + "\n" },
        { "an unterminated section header", "[" + new string('s', 400_000) + "\n" },
        { "alternating blanks and letters", "[default]\n" + string.Concat(Enumerable.Repeat("a ", 200_000)) + "\n" },
    };

    [Theory]
    [MemberData(nameof(LongLines))]
    public void A_400_kb_line_parses_in_linear_time(string description, string text)
    {
        var lines = ParseWithinTenSeconds(text);
        Assert.True(string.Concat(lines.Select(l => l.Text + l.Ending)) == text, description);
    }

    [Fact]
    public void A_long_option_line_keeps_configparser_semantics()
    {
        var lines = ParseWithinTenSeconds("[default]\nKey" + new string(' ', 400_000) + ": value = with = equals\n");
        var option = Assert.Single(lines, l => l.Kind == IniLineKind.Option);
        Assert.Equal("key", option.Name);
        Assert.Equal("value = with = equals", IniParser.OptionValue(option));
    }

    [Theory]
    [InlineData("[a]b]", "a]b")]
    [InlineData("[x] trailing", "x")]
    [InlineData("[]]", "]")]
    public void Section_headers_run_to_the_last_closing_bracket(string line, string name)
    {
        var header = Assert.Single(IniParser.Parse(line + "\n"));
        Assert.Equal(IniLineKind.Section, header.Kind);
        Assert.Equal(name, header.Name);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[no close")]
    public void Lines_that_are_not_headers_are_invalid_outside_a_section(string line) =>
        Assert.Equal(IniLineKind.Invalid, Assert.Single(IniParser.Parse(line + "\n")).Kind);

    [Theory]
    [InlineData("a=b", "a", "b")]
    [InlineData("a : b", "a", "b")]
    [InlineData("a:b=c", "a", "b=c")]
    [InlineData("a \t = ", "a", "")]
    public void Keys_end_at_the_first_delimiter(string line, string key, string value)
    {
        var option = IniParser.Parse("[s]\n" + line + "\n")[1];
        Assert.Equal(IniLineKind.Option, option.Kind);
        Assert.Equal(key, option.Name);
        Assert.Equal(value, IniParser.OptionValue(option));
    }

    [Fact]
    public void An_empty_key_is_invalid() => Assert.Equal(IniLineKind.Invalid, IniParser.Parse("[s]\n = value\n")[1].Kind);

    [Fact]
    public void An_aws_file_larger_than_the_cap_is_refused_with_a_clear_error()
    {
        var path = Path.Combine(folder, "config");
        using (var stream = File.Create(path))
        {
            stream.SetLength(SharedFileEditor.MaxFileBytes + 1);
        }

        var e = Assert.Throws<AwsFileException>(() => SharedFileEditor.ReadText(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("8 MiB", e.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
    }

    [Fact]
    public void An_aws_file_at_the_cap_is_read()
    {
        var path = Path.Combine(folder, "config");
        var text = "[default]\nregion = eu-west-1\n";
        File.WriteAllText(path, text + new string('#', SharedFileEditor.MaxFileBytes - text.Length));
        Assert.Equal(SharedFileEditor.MaxFileBytes, SharedFileEditor.ReadText(path).Length);
    }
}
