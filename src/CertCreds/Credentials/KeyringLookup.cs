namespace CertCreds.Credentials;

/// <summary>What a keyring warm-cache read found.</summary>
public abstract record KeyringLookup
{
    private KeyringLookup()
    {
    }

    /// <summary>A valid entry: the stored document, to be written out as it is.</summary>
    public sealed record Hit(byte[] Document) : KeyringLookup
    {
        public override string ToString() => $"Hit({Document.Length} bytes)";
    }

    /// <summary>No usable entry (none, expired, or damaged): take the ordinary path and store the result.</summary>
    public sealed record Miss : KeyringLookup;

    /// <summary>The kernel refused the key calls (seccomp, no keys support): take the ordinary path and do not store.</summary>
    public sealed record Unavailable(int Errno) : KeyringLookup;
}
