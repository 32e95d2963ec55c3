using System.Collections;
using System.Runtime.InteropServices;

namespace CertCreds.Platform;

/// <summary>
/// Changes the C library's environment, which OpenSSL reads. <see cref="Environment.SetEnvironmentVariable(string, string)"/>
/// only changes .NET's own copy on Unix, so it cannot steer OpenSSL.
/// </summary>
public static partial class NativeEnvironment
{
    /// <summary>
    /// The value both variables get: a path that cannot exist. A child process must never inherit it (its own TLS
    /// would trust nothing), so <see cref="Serving.ChildEnvironment"/> removes any variable holding it.
    /// </summary>
    public const string NoSystemStore = "/nonexistent/certcreds-uses-its-own-trust-anchors";

    /// <summary>The variables <see cref="DisableSystemTrustStore"/> overrides.</summary>
    public static readonly IReadOnlyList<string> TrustStoreVariables = ["SSL_CERT_FILE", "SSL_CERT_DIR"];

    /// <summary>
    /// Keeps .NET's OpenSSL chain builder from reading the whole system trust store (about 45 ms per process,
    /// measured here) when the trust anchors are our own. Call before any TLS work; affects this process and, unless
    /// the launcher builds the child's environment from <see cref="Snapshot"/> taken earlier, its children.
    /// </summary>
    public static void DisableSystemTrustStore()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        foreach (var name in TrustStoreVariables)
        {
            _ = SetEnv(name, NoSystemStore, 1);
        }
    }

    /// <summary>
    /// A copy of this process's environment as it is now. Taken before <see cref="DisableSystemTrustStore"/>, it is
    /// what the user started us with: .NET fills its own copy from the C environment lazily, on the first call that
    /// needs all of it (a <see cref="System.Diagnostics.ProcessStartInfo"/> does), so a later copy would include our
    /// overrides.
    /// </summary>
    public static Dictionary<string, string> Snapshot()
    {
        var copy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                copy[name] = value;
            }
        }

        return copy;
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
