namespace CertCreds.EndToEnd.Compatibility;

/// <summary>
/// The README's compatibility table is exactly the one rendered from <see cref="CompatibilityMatrix"/>, whose every
/// cell <see cref="CompatibilityMatrixTests"/> runs: no cell can claim "works" without a test proving it.
/// </summary>
public sealed class CompatibilityReadmeTests
{
    [Fact]
    public void The_matrix_declares_every_client_and_delivery_exactly_once_and_every_gap_has_a_workaround()
    {
        var expected = AwsClients.All.SelectMany(c => Enum.GetValues<Delivery>().Select(d => (c.Id, d))).ToList();
        Assert.Equal(expected, CompatibilityMatrix.Cells.Select(c => (c.ClientId, c.Delivery)));
        Assert.All(CompatibilityMatrix.Cells, c => Assert.Equal(c.Verdict != CellVerdict.Works, !string.IsNullOrWhiteSpace(c.Workaround)));
        Assert.Equal(AwsClients.All.Count, AwsClients.All.Select(c => c.Id).Distinct().Count());
    }

    /// <summary>Set to 1 to have the test below write the rendered table into README.md instead of failing.</summary>
    public const string UpdateVariable = "CERTCREDS_UPDATE_README";

    [Fact]
    public void The_readme_table_is_the_one_rendered_from_the_tested_matrix()
    {
        var path = Path.Combine(PublishedBinary.RepositoryRoot(), "README.md");
        var readme = File.ReadAllText(path).ReplaceLineEndings("\n");
        var begin = readme.IndexOf(CompatibilityTable.BeginMarker, StringComparison.Ordinal);
        var end = readme.IndexOf(CompatibilityTable.EndMarker, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, "README.md has no compatibility table markers; put this block where the table belongs:\n\n" + CompatibilityTable.Render());
        var current = readme[begin..(end + CompatibilityTable.EndMarker.Length)] + "\n";
        if (current != CompatibilityTable.Render() && Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, readme[..begin] + CompatibilityTable.Render() + readme[(end + CompatibilityTable.EndMarker.Length + 1)..]);
            return;
        }

        Assert.True(current == CompatibilityTable.Render(), $"README.md's compatibility table differs from the tested matrix; rerun this test with {UpdateVariable}=1 to rewrite it, or replace the block with:\n\n" + CompatibilityTable.Render());
    }
}
