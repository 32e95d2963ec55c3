namespace CertCreds.Output;

/// <summary>What Python's configparser (which botocore uses) makes of one physical line.</summary>
public enum IniLineKind
{
    /// <summary>Whitespace only.</summary>
    Blank,

    /// <summary>First non-blank character is <c>#</c> or <c>;</c>, at any indentation.</summary>
    Comment,

    /// <summary><c>[name]</c>; anything after the last <c>]</c> is ignored by configparser.</summary>
    Section,

    /// <summary><c>key = value</c> or <c>key: value</c>.</summary>
    Option,

    /// <summary>Indented deeper than the option above it: part of that option's value.</summary>
    Continuation,

    /// <summary>Not a section, option or continuation: configparser rejects the whole file.</summary>
    Invalid,
}
