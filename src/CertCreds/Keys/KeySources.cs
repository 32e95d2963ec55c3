namespace CertCreds.Keys;

/// <summary>The key sources certcreds knows, most specific form first; the first that accepts a value loads it.</summary>
public static class KeySources
{
    /// <summary>Every built-in source: <c>pkcs11:</c> URIs and TPM <c>handle:</c>s before <see cref="FileKeySource"/>, which accepts anything.</summary>
    public static IReadOnlyList<IKeySource> Default { get; } = [Pkcs11KeySource.Instance, TpmKeySource.Instance, FileKeySource.Instance];

    /// <summary>The source for <paramref name="privateKey"/>: the first of <paramref name="sources"/> that accepts it.</summary>
    public static IKeySource For(IReadOnlyList<IKeySource> sources, string? privateKey)
    {
        ArgumentNullException.ThrowIfNull(sources);
        foreach (var source in sources)
        {
            if (source.Accepts(privateKey))
            {
                return source;
            }
        }

        return FileKeySource.Instance;
    }
}
