namespace CertCreds.Output;

/// <summary>
/// Splits an INI text into lines and classifies each one exactly as Python's <c>configparser.RawConfigParser</c>
/// (botocore's reader) does: full-line comments at any indentation, a line indented deeper than the last
/// option or section line is a continuation of that option, keys end at the first <c>=</c> or <c>:</c> and are
/// compared lower-cased. Pure; never loses a byte: joining every <see cref="IniLine.Text"/> and
/// <see cref="IniLine.Ending"/> gives the input back.
/// <para>
/// Linear time: each line is scanned a bounded number of times with <c>IndexOf</c>/<c>Trim</c>, never with a
/// backtracking regex (configparser's own pattern, translated literally, took minutes on one long line of blanks).
/// </para>
/// </summary>
public static class IniParser
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
            if (SectionName(value) is { } header)
            {
                section = lines.Count;
                hasOption = false;
                lines.Add(new IniLine(raw, ending, IniLineKind.Section, header, section));
                continue;
            }

            var key = OptionKey(value);
            if (section < 0 || key is null || key.Length == 0)
            {
                // configparser drops the current option on an error line, so what follows cannot continue it.
                hasOption = false;
                lines.Add(new IniLine(raw, ending, IniLineKind.Invalid, null, section));
                continue;
            }

            hasOption = true;
            lines.Add(new IniLine(raw, ending, IniLineKind.Option, key.ToLowerInvariant(), section));
        }

        return lines;
    }

    /// <summary>The value of an option line: what follows the first delimiter, trimmed.</summary>
    public static string OptionValue(IniLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var value = line.Text.AsSpan().Trim();
        var delimiter = value.IndexOfAny('=', ':');
        return delimiter < 0 ? string.Empty : value[(delimiter + 1)..].Trim().ToString();
    }

    /// <summary>
    /// configparser's SECTCRE <c>\[(?P&lt;header&gt;.+)\]</c> applied with <c>match</c> to the stripped line: the
    /// line starts with '[' and the header, at least one character, runs to the last ']' (the pattern is greedy).
    /// </summary>
    private static string? SectionName(string value)
    {
        if (value[0] != '[')
        {
            return null;
        }

        var close = value.LastIndexOf(']');
        return close >= 2 ? value[1..close] : null;
    }

    /// <summary>
    /// The key of configparser's OPTCRE with the default delimiters: <c>(?P&lt;option&gt;.*?)\s*[=:]\s*(?P&lt;value&gt;.*)$</c>.
    /// The lazy key stops at the first '=' or ':', and the blanks before it belong to <c>\s*</c>, so the key is
    /// everything before the first delimiter with trailing whitespace removed. Null when there is no delimiter.
    /// </summary>
    private static string? OptionKey(string value)
    {
        var delimiter = value.AsSpan().IndexOfAny('=', ':');
        return delimiter < 0 ? null : value.AsSpan(0, delimiter).TrimEnd().ToString();
    }
}
