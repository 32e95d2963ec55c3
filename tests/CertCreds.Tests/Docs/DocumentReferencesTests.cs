using System.Text.RegularExpressions;

namespace CertCreds.Tests.Docs;

/// <summary>
/// Every <c>docs/…</c> file that a comment, a README or a test cites exists in the repository: a citation of a
/// file nobody can open is a fact without its source.
/// </summary>
public sealed partial class DocumentReferencesTests
{
    /// <summary>A repository path under docs/ ending in a file extension (<c>docs/spec/aws-clients.md</c>).</summary>
    [GeneratedRegex(@"(?<![\w/.-])docs/[A-Za-z0-9_./-]+\.[A-Za-z]+")]
    private static partial Regex DocsPath();

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "certcreds.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("cannot find certcreds.slnx above " + AppContext.BaseDirectory);
    }

    private static bool IsBuildOutput(string path) =>
        path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || path.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    /// <summary>Source, scripts and READMEs under src/ and tests/, and the top-level README.</summary>
    private static IEnumerable<string> CitingFiles(string root)
    {
        string[] extensions = [".cs", ".md", ".py", ".sh", ".mjs", ".go", ".rb", ".props", ".csproj"];
        foreach (var folder in new[] { "src", "tests" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*", SearchOption.AllDirectories))
            {
                if (!IsBuildOutput(file) && extensions.Contains(Path.GetExtension(file)))
                {
                    yield return file;
                }
            }
        }

        yield return Path.Combine(root, "README.md");
    }

    internal static IEnumerable<(string File, int Line, string Cited)> Citations(string root)
    {
        foreach (var file in CitingFiles(root))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match match in DocsPath().Matches(lines[i]))
                {
                    yield return (Path.GetRelativePath(root, file), i + 1, match.Value.TrimEnd('.'));
                }
            }
        }
    }

    [Fact]
    public void Every_docs_file_cited_in_src_tests_and_the_readme_exists()
    {
        var root = RepositoryRoot();
        // This file cites a missing document on purpose (the negative case below).
        var citations = Citations(root).Where(c => !c.File.EndsWith(nameof(DocumentReferencesTests) + ".cs", StringComparison.Ordinal)).ToList();
        var missing = citations.Where(c => !File.Exists(Path.Combine(root, c.Cited))).Select(c => $"{c.File}:{c.Line} cites {c.Cited}").ToList();
        Assert.Empty(missing);

        // The specs the code's comments rest on are among them, so this test is not vacuous.
        Assert.Contains(citations, c => c.Cited == "docs/spec/iot-credentials-provider.md");
        Assert.Contains(citations, c => c.Cited == "docs/spec/aws-clients.md");
    }

    [Fact]
    public void No_comment_cites_the_shared_folder_outside_the_repository()
    {
        var root = RepositoryRoot();
        var outside = CitingFiles(root)
            .SelectMany(file => File.ReadAllLines(file).Select((line, index) => (File: Path.GetRelativePath(root, file), Line: index + 1, Text: line)))
            .Where(line => line.Text.Contains("shared/spec/", StringComparison.Ordinal) || line.Text.Contains("shared/design/", StringComparison.Ordinal))
            .Where(line => !line.File.EndsWith(nameof(DocumentReferencesTests) + ".cs", StringComparison.Ordinal))
            .Select(line => $"{line.File}:{line.Line}")
            .ToList();
        Assert.Empty(outside);
    }

    [Fact]
    public void A_citation_of_a_missing_docs_file_is_found()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(Path.Combine(folder.Path, "src"));
        Directory.CreateDirectory(Path.Combine(folder.Path, "tests"));
        File.WriteAllText(Path.Combine(folder.Path, "src", "A.cs"), "/// Facts: docs/spec/nowhere.md.\n");
        File.WriteAllText(Path.Combine(folder.Path, "README.md"), "See `docs/design/ARCHITECTURE.md`.\n");
        var cited = Citations(folder.Path).Select(c => c.Cited).ToList();
        Assert.Equal(["docs/spec/nowhere.md", "docs/design/ARCHITECTURE.md"], cited);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("certcreds-docs-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
