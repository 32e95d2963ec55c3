using CertCreds.Platform;

namespace CertCreds.Keys;

/// <summary>What a key source may use while loading: files (relative to the working directory), the clock, the password.</summary>
/// <param name="Files">Bounded, checked reads of the user's files.</param>
/// <param name="Clock">For the certificate's validity dates.</param>
/// <param name="Password">The key's password or PIN when no file gave it (environment, or a prompt when one is allowed); null: none.</param>
public sealed record KeyLoadContext(FileReader Files, TimeProvider Clock, Func<string?> Password);
