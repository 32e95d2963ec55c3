using System.Text;

namespace CertCreds.Tests.Output;

/// <summary>
/// Seeded random AWS config/credentials files of the shapes found in the wild: comments (# and ;, indented or
/// not), blank and whitespace-only lines, keys with and without spaces around '=' or ':', indented keys and
/// headers, nested blocks (<c>s3 =</c> then indented <c>k = v</c>), continuation lines, CRLF or LF, a missing
/// final newline, non-ASCII text. Sections are unique, as botocore requires.
/// </summary>
internal sealed class IniFileGenerator(int seed)
{
    private static readonly string[] ProfileNames = ["default", "dev", "prod", "iotrolesanywhere", "a.b", "x-1", "team@corp", "ci"];
    private static readonly string[] Keys = ["region", "output", "credential_process", "aws_access_key_id", "role_arn", "source_profile", "cli_pager", "s3", "Region", "max_attempts"];
    private static readonly string[] Words = ["us-east-1", "json", "a=b", "x:y", "# not a comment", "; neither", "\"quoted\"", "'single'", "ünïcødé", "path with spaces", "$HOME", "C:\\dir", "[brackets]", "%(interp)s", "tab\there"];

    private readonly Random random = new(seed);

    public bool Chance(double p) => random.NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public string Value()
    {
        var count = random.Next(1, 4);
        return string.Join(' ', Enumerable.Range(0, count).Select(_ => Pick(Words)));
    }

    public string ProfileName() => Pick(ProfileNames);

    public string Key() => Pick(Keys).ToLowerInvariant();

    public string Generate(bool config)
    {
        var ending = Chance(0.3) ? "\r\n" : "\n";
        var builder = new StringBuilder();
        void Line(string text) => builder.Append(text).Append(Chance(0.05) ? (ending == "\n" ? "\r\n" : "\n") : ending);

        for (var i = random.Next(0, 3); i > 0; i--)
        {
            Line(Chance(0.5) ? "# " + Value() : string.Empty);
        }

        var sections = ProfileNames.OrderBy(_ => random.Next()).Take(random.Next(0, 5)).ToList();
        var afterNestedBlock = true;
        foreach (var name in sections)
        {
            var header = config && name != "default" ? "profile " + name : name;
            if (config && Chance(0.1))
            {
                header = Pick((string[])["sso-session corp", "services local", "plugins"]);
                if (builder.ToString().Contains($"[{header}]", StringComparison.Ordinal))
                {
                    continue;
                }
            }

            // An indented header after a key with a value is, to configparser, part of that value: valid, and a good test.
            var indent = !afterNestedBlock && Chance(0.1) ? " " : string.Empty;
            Line($"{indent}[{header}]{(Chance(0.1) ? "  " : string.Empty)}");
            afterNestedBlock = false;
            var used = new HashSet<string>();
            for (var k = random.Next(0, 5); k > 0; k--)
            {
                var key = Pick(Keys);
                if (!used.Add(key.ToLowerInvariant()))
                {
                    continue;
                }

                var keyIndent = Chance(0.1) ? "  " : string.Empty;
                var delimiter = Pick((string[])[" = ", "=", " =", "= ", " : ", ":"]);
                if (Chance(0.15))
                {
                    Line($"{keyIndent}{key}{delimiter.TrimEnd()}");
                    for (var n = random.Next(1, 3); n > 0; n--)
                    {
                        Line($"{keyIndent}    {Pick(Keys).ToLowerInvariant()} = {Value()}");
                    }

                    afterNestedBlock = true;
                }
                else
                {
                    Line($"{keyIndent}{key}{delimiter}{Value()}");
                    if (Chance(0.1))
                    {
                        Line($"{keyIndent}   continued {Value()}");
                    }

                    afterNestedBlock = false;
                }

                if (Chance(0.2))
                {
                    Line(Pick((string[])["", "   ", "# comment " + Value(), "  ; indented comment", "\t"]));
                }
            }

            if (Chance(0.5))
            {
                Line(string.Empty);
            }
        }

        var text = builder.ToString();
        return Chance(0.2) ? text.TrimEnd('\r', '\n') : text;
    }
}
