using System.Text.RegularExpressions;

namespace CertCreds.Output;

/// <summary>
/// Splits an INI text into lines and classifies each one exactly as Python's <c>configparser.RawConfigParser</c>
/// (botocore's reader) does: full-line comments at any indentation, a line indented deeper than the last
/// option or section line is a continuation of that option, keys end at the first <c>=</c> or <c>:</c> and are
/// compared lower-cased. Pure; never loses a byte: joining every <see cref="IniLine.Text"/> and
/// <see cref="IniLine.Ending"/> gives the input back.
/// </summary>
public static partial class IniParser
{
    public static IReadOnlyList<IniLine> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = new List<IniLine>();
        var section = -1;
        var hasOption = false;
        var indentLevel = 0;
        var start = 0;
        while (start < text.Length)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline;
            var contentEnd = end > start && text[end - 1] == '\r' && newline >= 0 ? end - 1 : end;
            var raw = text[start..contentEnd];
            var ending = newline < 0 ? string.Empty : text[contentEnd..(newline + 1)];
            start = newline < 0 ? text.Length : newline + 1;

            var value = raw.Trim();
            if (value.Length == 0)
            {
                lines.Add(new IniLine(raw, ending, IniLineKind.Blank, null, section));
                continue;
            }

            if (value[0] is '#' or ';')
            {
                lines.Add(new IniLine(raw, ending, IniLineKind.Comment, null, section));
                continue;
            }

            var indent = raw.Length - raw.TrimStart().Length;
            if (section >= 0 && hasOption && indent > indentLevel)
            {
                lines.Add(new IniLine(raw, ending, IniLineKind.Continuation, null, section));
                continue;
            }

            indentLevel = indent;
            var header = SectionHeader().Match(value);
            if (header.Success)
            {
                section = lines.Count;
                hasOption = false;
                lines.Add(new IniLine(raw, ending, IniLineKind.Section, header.Groups[1].Value, section));
                continue;
            }

            var option = OptionLine().Match(value);
            if (section < 0 || !option.Success || option.Groups[1].Value.Length == 0)
            {
                // configparser drops the current option on an error line, so what follows cannot continue it.
                hasOption = false;
                lines.Add(new IniLine(raw, ending, IniLineKind.Invalid, null, section));
                continue;
            }

            hasOption = true;
            lines.Add(new IniLine(raw, ending, IniLineKind.Option, option.Groups[1].Value.TrimEnd().ToLowerInvariant(), section));
        }

        return lines;
    }

    /// <summary>The value of an option line: what follows the first delimiter, trimmed.</summary>
    public static string OptionValue(IniLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var match = OptionLine().Match(line.Text.Trim());
        return match.Success ? match.Groups[2].Value.Trim() : string.Empty;
    }

    // configparser's SECTCRE: "\[(?P<header>.+)\]", greedy, so the header runs to the last ']'.
    [GeneratedRegex(@"^\[(.+)\]", RegexOptions.Singleline)]
    private static partial Regex SectionHeader();

    // configparser's OPTCRE with the default delimiters '=' and ':': the key is the shortest prefix.
    [GeneratedRegex(@"^(.*?)\s*[=:]\s*(.*)$", RegexOptions.Singleline)]
    private static partial Regex OptionLine();
}
