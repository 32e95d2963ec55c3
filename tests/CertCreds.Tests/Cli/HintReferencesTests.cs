using System.CommandLine;
using System.Text.RegularExpressions;
using CertCreds.Cli;

namespace CertCreds.Tests.Cli;

/// <summary>
/// Every message and fix in the code base that names <c>certcreds VERB</c> or <c>--option</c> names one that
/// exists: a hint sending the user to a command that is not there is a wrong diagnosis of its own.
/// </summary>
public sealed partial class HintReferencesTests
{
    /// <summary>Commands of other programs quoted in hints; their options are theirs, not ours.</summary>
    [GeneratedRegex(@"\b(aws|openssl|curl|chmod|chown|iconv|sh|ss|jq|pkcs11-tool)\s[^'""—;)]*")]
    private static partial Regex ForeignCommand();

    [GeneratedRegex(@"""(?:[^""\\\r\n]|\\.)*""")]
    private static partial Regex StringLiteral();

    /// <summary>"certcreds VERB" as a command: followed by an option, a quote or the end — not prose ("run certcreds as root").</summary>
    [GeneratedRegex(@"\bcertcreds ([a-z][a-z-]*)(?=\s+-|['`])")]
    private static partial Regex VerbReference();

    /// <summary>An option; not a host argument such as --hostBuilder:reloadConfigOnChange.</summary>
    [GeneratedRegex(@"(?<![\w-])--([A-Za-z][A-Za-z0-9-]*)(?![:\w-])")]
    private static partial Regex OptionReference();

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "certcreds.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("cannot find certcreds.slnx above " + AppContext.BaseDirectory);
    }

    private static IEnumerable<(string File, int Line, string Literal)> Literals()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "src"), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].TrimStart();
                if (line.StartsWith("//", StringComparison.Ordinal) || line.StartsWith('['))
                {
                    continue;
                }

                foreach (Match literal in StringLiteral().Matches(lines[i]))
                {
                    yield return (Path.GetRelativePath(RepositoryRoot(), file), i + 1, ForeignCommand().Replace(literal.Value, string.Empty));
                }
            }
        }
    }

    private static IEnumerable<Command> AllCommands(Command command)
    {
        yield return command;
        foreach (var sub in command.Subcommands.SelectMany(AllCommands))
        {
            yield return sub;
        }
    }

    private static RootCommand Tree() =>
        CliApp.Build(new CliContext(Stream.Null, TextWriter.Null, _ => null, Path.GetTempPath(), TimeProvider.System, IsInteractive: false));

    private static (List<string> Wrong, int Seen) VerbProblems(IEnumerable<(string File, int Line, string Literal)> literals)
    {
        var root = Tree();
        var wrong = new List<string>();
        var seen = 0;
        foreach (var (file, line, literal) in literals)
        {
            foreach (Match reference in VerbReference().Matches(literal))
            {
                seen++;
                if (root.Subcommands.All(c => c.Name != reference.Groups[1].Value))
                {
                    wrong.Add($"{file}:{line}: 'certcreds {reference.Groups[1].Value}' is not a verb");
                }
            }
        }

        return (wrong, seen);
    }

    private static HashSet<string> TreeOptions() =>
        AllCommands(Tree()).SelectMany(c => c.Options).SelectMany(o => o.Aliases.Prepend(o.Name)).ToHashSet(StringComparer.Ordinal);

    private static (List<string> Wrong, int Seen) OptionProblems(IEnumerable<(string File, int Line, string Literal)> literals)
    {
        var options = TreeOptions();
        var wrong = new List<string>();
        var seen = 0;
        foreach (var (file, line, literal) in literals)
        {
            foreach (Match reference in OptionReference().Matches(literal))
            {
                seen++;
                var option = "--" + reference.Groups[1].Value;
                if (!options.Contains(option))
                {
                    wrong.Add($"{file}:{line}: '--{reference.Groups[1].Value}' is not an option of any certcreds command ({literal})");
                }
            }
        }

        return (wrong, seen);
    }

    [Fact]
    public void Every_certcreds_verb_named_in_a_message_or_fix_exists()
    {
        var (wrong, seen) = VerbProblems(Literals());
        Assert.True(seen >= 3, "the scan found almost no references: the pattern is broken");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void Every_option_named_in_a_message_or_fix_exists_in_the_command_tree()
    {
        var (wrong, seen) = OptionProblems(Literals());
        Assert.True(seen > 20, "the scan found almost no options: the pattern is broken");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void The_scan_flags_a_verb_and_an_option_that_do_not_exist()
    {
        (string, int, string)[] literals =
        [
            ("x.cs", 1, "\"run 'certcreds foo --endpoint X' or 'certcreds doctor --no-such-flag'\""),
            ("x.cs", 2, "\"try: certcreds credential-process --endpoint HOST\""),
        ];
        Assert.Equal(["x.cs:1: 'certcreds foo' is not a verb"], VerbProblems(literals).Wrong);
        Assert.Single(OptionProblems(literals).Wrong, w => w.Contains("'--no-such-flag'", StringComparison.Ordinal));
    }
}
