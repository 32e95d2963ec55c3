using System.Runtime.InteropServices;

namespace CertCreds.Platform;

/// <summary>
/// Where the OpenSSL that .NET uses looks for providers and engines, read from that same libcrypto (the soname .NET's
/// shim loads), so "is pkcs11-provider installed" is answered before OpenSSL's bare "unknown library" error could be.
/// </summary>
internal static partial class OpenSslPlugins
{
    private const int OpenSslEnginesDir = 5;
    private const int OpenSslModulesDir = 8;

    /// <summary>The providers' folder: OPENSSL_MODULES when set, else the one OpenSSL was built with.</summary>
    public static string? ModulesDirectory() =>
        Environment.GetEnvironmentVariable("OPENSSL_MODULES") is { Length: > 0 } set ? set : BuiltIn(OpenSslModulesDir);

    /// <summary>The engines' folder: OPENSSL_ENGINES when set, else the one OpenSSL was built with.</summary>
    public static string? EnginesDirectory() =>
        Environment.GetEnvironmentVariable("OPENSSL_ENGINES") is { Length: > 0 } set ? set : BuiltIn(OpenSslEnginesDir);

    /// <summary>The path of a provider (<c>pkcs11.so</c>, <c>tpm2.so</c>) if it is installed.</summary>
    public static string? FindProvider(string name) => Existing(ModulesDirectory(), name);

    /// <summary>The path of an engine (<c>pkcs11.so</c>) if it is installed.</summary>
    public static string? FindEngine(string name) => Existing(EnginesDirectory(), name);

    private static string? Existing(string? directory, string name)
    {
        if (directory is null)
        {
            return null;
        }

        var path = Path.Combine(directory, name + ".so");
        return File.Exists(path) ? path : null;
    }

    private static string? BuiltIn(int which)
    {
        try
        {
            // OpenSSL 3 answers e.g. MODULESDIR: "/usr/lib/x86_64-linux-gnu/ossl-modules".
            var text = Marshal.PtrToStringUTF8(OpenSslVersion(which));
            if (text is null)
            {
                return null;
            }

            var quote = text.IndexOf('"', StringComparison.Ordinal);
            return quote >= 0 ? text[(quote + 1)..].TrimEnd('"') : text;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [LibraryImport("libcrypto.so.3", EntryPoint = "OpenSSL_version")]
    private static partial nint OpenSslVersion(int type);
}
