using System.Globalization;
using System.Text;

namespace CertCreds.Errors;

/// <summary>
/// Makes untrusted text (arguments, file names, server messages, request ids) safe to print on a terminal:
/// C0 and C1 control characters, DEL and the Unicode bidirectional controls are shown as <c>\x1b</c> or
/// <c>\u202e</c>, so a hostile server or file name cannot clear the screen, move the cursor, set the window
/// title or reorder what the user reads. Everything else passes unchanged.
/// </summary>
public static class TerminalText
{
    public static string Escape(string? text) => Escape(text, keepLineFeeds: false);

    /// <param name="text">Untrusted text.</param>
    /// <param name="keepLineFeeds">True for multi-line output (banners, checklists) where <c>\n</c> ends our own lines.</param>
    public static string Escape(string? text, bool keepLineFeeds)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var first = IndexOfUnsafe(text, keepLineFeeds);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        builder.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (!IsUnsafe(c) || (keepLineFeeds && c == '\n'))
            {
                builder.Append(c);
            }
            else if (c <= '\u00ff')
            {
                builder.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>C0, DEL, C1, the bidi embeddings/overrides/isolates and marks, and the line/paragraph separators.</summary>
    public static bool IsUnsafe(char c) =>
        c < '\u0020' || (c >= '\u007f' && c <= '\u009f')
        || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')
        || c is '\u200e' or '\u200f' or '\u061c' or '\u2028' or '\u2029';

    private static int IndexOfUnsafe(string text, bool keepLineFeeds)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text[i]) && !(keepLineFeeds && text[i] == '\n'))
            {
                return i;
            }
        }

        return -1;
    }
}
