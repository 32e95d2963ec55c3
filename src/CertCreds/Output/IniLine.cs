namespace CertCreds.Output;

/// <summary>One physical line of an INI file, exactly as it was, and what configparser makes of it.</summary>
/// <param name="Text">The line without its ending.</param>
/// <param name="Ending">"\n", "\r\n", or empty for a last line without one.</param>
/// <param name="Kind">How configparser reads it.</param>
/// <param name="Name">For sections the header as configparser sees it; for options the lower-cased key.</param>
/// <param name="Section">Index of the section header this line belongs to, or -1 before the first header.</param>
public sealed record IniLine(string Text, string Ending, IniLineKind Kind, string? Name, int Section)
{
    /// <summary>The leading whitespace, which configparser compares to tell continuation lines from options.</summary>
    public string Indent => Text[..(Text.Length - Text.TrimStart().Length)];
}
