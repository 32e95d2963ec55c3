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

    [Fact]
    public void The_readme_table_is_the_one_rendered_from_the_tested_matrix()
    {
        var readme = File.ReadAllText(Path.Combine(PublishedBinary.RepositoryRoot(), "README.md")).ReplaceLineEndings("\n");
        var begin = readme.IndexOf(CompatibilityTable.BeginMarker, StringComparison.Ordinal);
        var end = readme.IndexOf(CompatibilityTable.EndMarker, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, "README.md has no compatibility table markers; put this block where the table belongs:\n\n" + CompatibilityTable.Render());
        var current = readme[begin..(end + CompatibilityTable.EndMarker.Length)] + "\n";
        Assert.True(current == CompatibilityTable.Render(), "README.md's compatibility table differs from the tested matrix; replace the block with:\n\n" + CompatibilityTable.Render());
    }
}
