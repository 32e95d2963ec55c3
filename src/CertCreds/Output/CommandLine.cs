using System.Text;

namespace CertCreds.Output;

/// <summary>
/// A <c>credential_process</c> command line that means the same to botocore (Python <c>shlex.split</c>, no shell)
/// and to every other SDK (<c>sh -c</c>): safe words stay bare, anything else goes in single quotes, which both
/// read literally (no <c>$</c>, backtick or backslash expansion), with <c>'\''</c> for a quote inside.
/// </summary>
public static class CommandLine
{
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length > 0 && word.All(IsSafe))
        {
            return word;
        }

        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));

    /// <summary>Python's <c>shlex.split</c> (POSIX mode, no comments); null where it would raise (an unclosed quote).</summary>
    public static IReadOnlyList<string>? TrySplit(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }

                continue;
            }

            inWord = true;
            switch (c)
            {
                case '\'':
                    {
                        var close = text.IndexOf('\'', i + 1);
                        if (close < 0)
                        {
                            return null;
                        }

                        word.Append(text, i + 1, close - i - 1);
                        i = close;
                        break;
                    }

                case '"':
                    {
                        i++;
                        for (; i < text.Length && text[i] != '"'; i++)
                        {
                            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\')
                            {
                                i++;
                            }

                            word.Append(text[i]);
                        }

                        if (i >= text.Length)
                        {
                            return null;
                        }

                        break;
                    }

                case '\\':
                    if (i + 1 >= text.Length)
                    {
                        return null;
                    }

                    word.Append(text[++i]);
                    break;
                default:
                    word.Append(c);
                    break;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    private static bool IsSafe(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or ':' or ',' or '=' or '@' or '%' or '+';
}
