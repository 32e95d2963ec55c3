namespace CertCreds.Keys.Hardware;

/// <summary>What the token says about the key object the URI matched: enough to name exactly that object to OpenSSL.</summary>
internal sealed record ObjectFacts(string? Label, byte[]? Id, ulong? KeyType);
