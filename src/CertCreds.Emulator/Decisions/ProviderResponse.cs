namespace CertCreds.Emulator.Decisions;

/// <summary>An answer ready for the wire: status, headers in order, exact body bytes.</summary>
public sealed record ProviderResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    // The body may hold credentials.
    public override string ToString() => $"ProviderResponse {{ Status = {Status}, BodyLength = {Body.Length} }}";
}
