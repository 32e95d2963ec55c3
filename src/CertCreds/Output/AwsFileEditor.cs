using System.Globalization;
using System.Text.RegularExpressions;
using CertCreds.Errors;

namespace CertCreds.Output;

/// <summary>
/// Edits one profile of an AWS config or credentials file as text, the way a careful person would: every line
/// outside the profile's section stays byte for byte (comments, order, other profiles, CRLF or LF), keys that
/// exist are rewritten in place with their indentation, new keys go after the section's last key, a missing
/// section is appended at the end. Refuses files botocore already rejects (a broken line, a duplicate section or
/// key) rather than guessing, so the result never contains a duplicate. Pure: text in, text out.
/// </summary>
public static partial class AwsFileEditor
{
    /// <summary>The header certcreds writes for <paramref name="profile"/>, without brackets.</summary>
    public static string SectionName(AwsFileKind kind, string profile) =>
        kind == AwsFileKind.Config && profile != "default" ? "profile " + profile : profile;

    public static void ValidateProfileName(string profile)
    {
        if (!ProfileName().IsMatch(profile ?? string.Empty))
        {
            throw new UsageException($"the profile name '{profile}' is not one certcreds will write", "use 1–64 letters, digits and _.@+=,:/- (no spaces or brackets)");
        }
    }

    /// <summary>The keys and values of <paramref name="profile"/>, or null when the file has no such section.</summary>
    public static IReadOnlyDictionary<string, string>? ReadProfile(string text, AwsFileKind kind, string profile)
    {
        var lines = IniParser.Parse(text);
        var sections = SectionsOf(lines, kind, profile);
        if (sections.Count == 0)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            if (line.Kind == IniLineKind.Option && line.Section == sections[^1])
            {
                values[line.Name!] = IniParser.OptionValue(line);
            }
        }

        return values;
    }

    /// <summary>Sets <paramref name="values"/> in <paramref name="profile"/>'s section, creating it when missing.</summary>
    /// <param name="text">The file as it is now (empty for a new file).</param>
    /// <param name="fileName">For messages.</param>
    public static string SetValues(string text, string fileName, AwsFileKind kind, string profile, IReadOnlyList<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(values);
        ValidateProfileName(profile);
        if (values.Select(v => v.Key).Distinct(StringComparer.Ordinal).Count() != values.Count)
        {
            throw new ArgumentException("each key may be set only once", nameof(values));
        }

        foreach (var (key, value) in values)
        {
            if (!KeyName().IsMatch(key))
            {
                throw new ArgumentException($"'{key}' is not a key certcreds writes", nameof(values));
            }

            if (value.Length == 0 || value.Trim() != value || value.Any(char.IsControl))
            {
                throw new UsageException($"the value for {key} is empty, has leading or trailing spaces, or a control character", "paths and names must be one line without control characters");
            }
        }

        var lines = IniParser.Parse(text);
        CheckBotocoreReadsIt(lines, fileName);
        var sections = SectionsOf(lines, kind, profile);
        if (sections.Count > 1)
        {
            throw new AwsFileException(
                $"{fileName} has {sections.Count} sections for the profile '{profile}' (lines {string.Join(", ", sections.Select(s => (s + 1).ToString(CultureInfo.InvariantCulture)))})",
                "merge them into one by hand; certcreds does not guess which one AWS clients use");
        }

        var ending = lines.Count > 0 && lines[0].Ending.Length > 0 ? lines[0].Ending : "\n";
        var output = lines.Select(l => (l.Text, l.Ending)).ToList();
        if (sections.Count == 0)
        {
            // The classic bug: appending to a file whose last line has no newline glues two lines together.
            if (output.Count > 0 && output[^1].Ending.Length == 0)
            {
                output[^1] = (output[^1].Text, ending);
            }

            if (output.Count > 0 && lines[^1].Kind != IniLineKind.Blank)
            {
                output.Add((string.Empty, ending));
            }

            output.Add(($"[{SectionName(kind, profile)}]", ending));
            output.AddRange(values.Select(v => (Line(string.Empty, v.Key, v.Value), ending)));
            return Join(output);
        }

        var header = sections[0];
        var removed = new HashSet<int>();
        var insertions = new List<(int After, string Text)>();
        var lastContent = header;
        var lastKeyLine = header;
        for (var i = header + 1; i < lines.Count && lines[i].Section == header && lines[i].Kind != IniLineKind.Section; i++)
        {
            if (lines[i].Kind is IniLineKind.Option or IniLineKind.Continuation)
            {
                lastContent = i;
            }

            if (lines[i].Kind == IniLineKind.Option)
            {
                lastKeyLine = i;
            }
        }

        // A new key must not turn the next header into a continuation line: it needs at least that line's indent.
        var insertIndent = lines[lastKeyLine].Indent;
        var next = lines.Skip(lastContent + 1).FirstOrDefault(l => l.Kind is not (IniLineKind.Blank or IniLineKind.Comment));
        if (next is not null && next.Indent.Length > insertIndent.Length)
        {
            insertIndent = next.Indent;
        }

        foreach (var (key, value) in values)
        {
            var found = -1;
            for (var i = header + 1; i <= lastContent; i++)
            {
                if (lines[i].Kind == IniLineKind.Option && lines[i].Name == key)
                {
                    found = i;
                    break;
                }
            }

            if (found < 0)
            {
                // Indented like the line configparser measures continuations against (or the next header, if
                // deeper), so neither the new line nor anything after it changes meaning.
                insertions.Add((lastContent, Line(insertIndent, key, value)));
                continue;
            }

            output[found] = (Line(lines[found].Indent, key, value), lines[found].Ending);
            for (var j = found + 1; j <= lastContent && lines[j].Kind != IniLineKind.Option; j++)
            {
                if (lines[j].Kind == IniLineKind.Continuation)
                {
                    removed.Add(j);
                }
            }
        }

        var result = new List<(string Text, string Ending)>();
        for (var i = 0; i < output.Count; i++)
        {
            if (!removed.Contains(i))
            {
                result.Add(output[i]);
            }

            var added = insertions.Where(a => a.After == i).ToList();
            if (added.Count > 0)
            {
                if (result[^1].Ending.Length == 0)
                {
                    result[^1] = (result[^1].Text, ending);
                }

                result.AddRange(added.Select(a => (a.Text, ending)));
            }
        }

        return Join(result);
    }

    /// <summary>Refuses a file botocore would reject as a whole: editing it would only hide the real problem.</summary>
    public static void CheckBotocoreReadsIt(IReadOnlyList<IniLine> lines, string fileName)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var sections = new HashSet<string>(StringComparer.Ordinal);
        var keys = new HashSet<(int, string)>();
        var nested = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var number = (i + 1).ToString(CultureInfo.InvariantCulture);
            nested = line.Kind switch
            {
                IniLineKind.Option => IniParser.OptionValue(line).Length == 0,
                IniLineKind.Section or IniLineKind.Invalid => false,
                _ => nested,
            };
            switch (line.Kind)
            {
                // botocore reads the indented lines under "key =" as a nested block of "name = value" lines.
                case IniLineKind.Continuation when nested && !line.Text.Contains('=', StringComparison.Ordinal):
                    throw new AwsFileException(
                        $"{fileName} line {number} is inside a nested block (under a key with no value) but has no '=', so AWS clients already reject the whole file",
                        "write it as name = value, or indent it less");
                case IniLineKind.Invalid:
                    throw new AwsFileException(
                        $"{fileName} line {number} is neither a [section], a key = value line nor a comment, so AWS clients already reject the whole file",
                        "fix or remove that line first");
                case IniLineKind.Section when !sections.Add(line.Name!):
                    throw new AwsFileException($"{fileName} line {number} repeats the section [{line.Name}], so AWS clients already reject the whole file", "merge the two sections by hand first");
                case IniLineKind.Option when !keys.Add((line.Section, line.Name!)):
                    throw new AwsFileException($"{fileName} line {number} repeats the key '{line.Name}' in its section, so AWS clients already reject the whole file", "remove one of the two lines first");
                default:
                    break;
            }
        }
    }

    /// <summary>Header indices that AWS clients read as <paramref name="profile"/>.</summary>
    public static IReadOnlyList<int> SectionsOf(IReadOnlyList<IniLine> lines, AwsFileKind kind, string profile)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var found = new List<int>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Kind == IniLineKind.Section && Names(lines[i].Name!, kind, profile))
            {
                found.Add(i);
            }
        }

        return found;
    }

    private static bool Names(string header, AwsFileKind kind, string profile)
    {
        if (kind == AwsFileKind.Credentials)
        {
            return header == profile;
        }

        if (header == profile && profile == "default")
        {
            return true;
        }

        // botocore: a header starting with "profile" that shlex-splits into exactly two words.
        if (!header.StartsWith("profile", StringComparison.Ordinal))
        {
            return false;
        }

        var words = CommandLine.TrySplit(header);
        return words is { Count: 2 } && words[1] == profile;
    }

    private static string Line(string indent, string key, string value) => $"{indent}{key} = {value}";

    private static string Join(IEnumerable<(string Text, string Ending)> lines) => string.Concat(lines.Select(l => l.Text + l.Ending));

    [GeneratedRegex(@"^[A-Za-z0-9_.@+=,:/-]{1,64}$")]
    private static partial Regex ProfileName();

    [GeneratedRegex(@"^[a-z0-9_]+$")]
    private static partial Regex KeyName();
}
