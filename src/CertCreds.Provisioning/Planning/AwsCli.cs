namespace CertCreds.Provisioning.Planning;

/// <summary>The AWS CLI command that does what one plan step does, for people who want to see or run it by hand.</summary>
internal static class AwsCli
{
    /// <summary>A POSIX shell word: plain words as they are, anything else in single quotes.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '=' or ',' or '@' or '+')
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public static string Command(params string[] words) => "aws " + string.Join(' ', words.Select(Quote));

    /// <summary><paramref name="template"/> (the command with <c>{0}</c>, <c>{1}</c>… for values) with each value shell-quoted.</summary>
    public static string Format(string template, params string[] values) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, template, values.Select(Quote).ToArray<object>());
}
