namespace CertCreds.Emulator.RolesAnywhere;

/// <summary>
/// One CreateSession request as it arrived: the raw request target (path and query exactly as sent, since the
/// signature covers them), every header line, and the body bytes. Holds no secret: a SigV4-X509 request carries
/// a certificate and a signature, never a key.
/// </summary>
public sealed record SessionRequest(
    string Method,
    string RawPath,
    string RawQuery,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Body)
{
    /// <summary>All values of a header (case-insensitive name), in arrival order.</summary>
    public IEnumerable<string> HeaderValues(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    /// <summary>The only value of a header, or null when it is missing or repeated.</summary>
    public string? SingleHeader(string name)
    {
        var values = HeaderValues(name).Take(2).ToList();
        return values.Count == 1 ? values[0] : null;
    }
}
