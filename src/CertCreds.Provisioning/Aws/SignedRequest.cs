namespace CertCreds.Provisioning.Aws;

/// <summary>A signed call: the URL and every header to send; <see cref="ToString"/> leaves the headers out (they carry a signature and maybe a session token).</summary>
internal sealed record SignedRequest(Uri Url, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public string Header(string name) => Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value ?? string.Empty;

    public override string ToString() => $"SignedRequest {{ Url = {Url}, Headers = {Headers.Count} }}";
}
