using System.Runtime.InteropServices;

namespace CertCreds.Platform;

/// <summary>
/// Changes the C library's environment, which OpenSSL reads. <see cref="Environment.SetEnvironmentVariable(string, string)"/>
/// only changes .NET's own copy on Unix, so it cannot steer OpenSSL.
/// </summary>
public static partial class NativeEnvironment
{
    private const string NoSystemStore = "/nonexistent/certcreds-uses-its-own-trust-anchors";

    /// <summary>
    /// Keeps .NET's OpenSSL chain builder from reading the whole system trust store (about 45 ms per process,
    /// measured here) when the trust anchors are our own. Call before any TLS work; affects only this process.
    /// </summary>
    public static void DisableSystemTrustStore()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        _ = SetEnv("SSL_CERT_FILE", NoSystemStore, 1);
        _ = SetEnv("SSL_CERT_DIR", NoSystemStore, 1);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
