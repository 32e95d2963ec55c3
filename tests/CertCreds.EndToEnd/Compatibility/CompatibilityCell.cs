namespace CertCreds.EndToEnd.Compatibility;

/// <summary>One cell of the table: a client, a delivery, what is claimed and, for a gap, what to do instead.</summary>
/// <param name="Workaround">Required for anything but <see cref="CellVerdict.Works"/>: shown as the cell's footnote.</param>
public sealed record CompatibilityCell(string ClientId, Delivery Delivery, CellVerdict Verdict, string? Workaround = null);
