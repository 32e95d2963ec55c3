using System.Text;

namespace CertCreds.EndToEnd.Compatibility;

/// <summary>
/// Renders <see cref="CompatibilityMatrix"/> as the README's table (Markdown): one row per client with the version
/// the tests prove, one column per delivery, a numbered footnote with the workaround for every gap.
/// </summary>
public static class CompatibilityTable
{
    public const string BeginMarker = "<!-- compatibility-table:begin — generated from tests/CertCreds.EndToEnd/Compatibility/CompatibilityMatrix.cs; edit that, not this -->";
    public const string EndMarker = "<!-- compatibility-table:end -->";

    private static readonly (Delivery Delivery, string Heading)[] Columns =
    [
        (Delivery.CredentialProcess, "`credential_process` (`configure`)"),
        (Delivery.CredentialsFile, "credentials file (`update`)"),
        (Delivery.ContainerEndpoint, "container endpoint (`serve`, `exec`)"),
        (Delivery.Imds, "IMDSv2 endpoint (`serve`)"),
    ];

    /// <summary>The whole block between and including the markers, with LF line ends.</summary>
    public static string Render()
    {
        var text = new StringBuilder();
        var notes = new List<string>();
        text.Append(BeginMarker).Append('\n');
        text.Append("| Client, version proven = minimum vouched for (source) | ").AppendJoin(" | ", Columns.Select(c => c.Heading)).Append(" |\n");
        text.Append("|---|").AppendJoin(string.Empty, Columns.Select(_ => "---|")).Append('\n');
        foreach (var client in AwsClients.All)
        {
            text.Append($"| {client.Name} {client.ProvenVersion} ({client.Source}) |");
            foreach (var (delivery, _) in Columns)
            {
                var cell = CompatibilityMatrix.Cell(client.Id, delivery);
                text.Append(' ').Append(Symbol(cell, notes)).Append(" |");
            }

            text.Append('\n');
        }

        text.Append('\n');
        text.Append("✅ CI runs `sts get-caller-identity` with this client through this delivery against the emulator and moto ")
            .Append("(signature checks on) and gets the assumed role. ❌ CI proves it fails; the note says what to do instead. ")
            .Append("A cell that works \"only with\" something is proven both ways: it works with it and fails without it. ")
            .Append("Versions are the ones CI runs (a test checks each); older ones are not vouched for.\n");
        if (notes.Count > 0)
        {
            text.Append('\n');
            for (var i = 0; i < notes.Count; i++)
            {
                text.Append($"{i + 1}. {notes[i]}\n");
            }
        }

        text.Append(EndMarker).Append('\n');
        return text.ToString();
    }

    private static string Symbol(CompatibilityCell cell, List<string> notes)
    {
        if (cell.Verdict == CellVerdict.Works)
        {
            return "✅";
        }

        var client = AwsClients.ById(cell.ClientId);
        notes.Add($"{client.Name}, {Columns.Single(c => c.Delivery == cell.Delivery).Heading}: {cell.Workaround}.");
        return cell.Verdict == CellVerdict.WorksOnPort80Only ? $"✅ only with `serve --port 80` ({notes.Count})" : $"❌ ({notes.Count})";
    }
}
