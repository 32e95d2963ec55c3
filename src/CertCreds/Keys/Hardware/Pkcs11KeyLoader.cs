using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CertCreds.Errors;
using CertCreds.Platform;
using CertCreds.Platform.Pkcs11;
using static CertCreds.Platform.Pkcs11.Pkcs11Constants;

namespace CertCreds.Keys.Hardware;

/// <summary>
/// Opens a private key held in a PKCS#11 token (HSM, smart card, YubiKey, TPM through tpm2-pkcs11) as an OpenSSL key
/// that .NET can use for TLS client authentication and for signing.
/// <para>
/// Two steps. First certcreds asks the module itself (<see cref="Pkcs11Library"/>): module loadable, token present,
/// PIN counters, exactly one C_Login with the PIN, the key object (found, unique, allowed to sign) and, when no
/// certificate file is given, the certificate objects. Every failure there becomes one line with its cause and fix.
/// Only then OpenSSL opens the key, through pkcs11-provider (<see cref="SafeEvpPKeyHandle.OpenKeyFromProvider"/>) or
/// libp11's engine (<see cref="SafeEvpPKeyHandle.OpenPrivateKeyFromEngine"/>), with a URI naming that one object and
/// carrying the PIN already proven right: a wrong PIN never reaches the engine, which would try it twice and burn two of
/// the token's tries, and no PIN prompt of OpenSSL's can appear (it would hang without a terminal).
/// </para>
/// <para>
/// The module reaches OpenSSL through the environment, set with libc setenv for the length of the load only
/// (<see cref="NativeVariableScope"/>): .NET opens the provider in a fresh library context that reads no openssl.cnf,
/// and pkcs11-provider falls back to PKCS11_PROVIDER_MODULE; libp11's engine reads PKCS11_MODULE_PATH when it binds.
/// </para>
/// </summary>
internal sealed class Pkcs11KeyLoader(FileReader files, Func<string, string?> environment, IPinPrompt? prompt)
{
    public const string PinVariable = "CERTCREDS_PKCS11_PIN";

    /// <summary>Where distributions put p11-kit's proxy module, which forwards to every module registered with p11-kit.</summary>
    private static readonly string[] ProxyCandidates =
    [
        "/usr/lib/x86_64-linux-gnu/p11-kit-proxy.so", "/usr/lib/aarch64-linux-gnu/p11-kit-proxy.so",
        "/usr/lib64/p11-kit-proxy.so", "/usr/lib/p11-kit-proxy.so", "/usr/local/lib/p11-kit-proxy.so",
        "/opt/homebrew/lib/p11-kit-proxy.dylib",
    ];

    private static readonly byte[] ProbeData = Encoding.ASCII.GetBytes("certcreds: does this key match this certificate?");

    /// <summary>Opens the key <paramref name="uri"/> names. Errors: <see cref="IdentityException"/> (exit 3), one line, no PIN.</summary>
    public HardwareKey Load(Pkcs11Uri uri, Pkcs11KeyOptions options)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(options);
        if (uri.Type is Pkcs11ObjectType.Cert or Pkcs11ObjectType.Public)
        {
            throw new UsageException($"--private-key {uri} names a {(uri.Type == Pkcs11ObjectType.Cert ? "certificate" : "public key")}", "name the private key: type=private, or leave type out");
        }

        var module = ResolveModule(uri, options);
        var route = ResolveRoute(options.Route);
        var certificateFromFile = options.CertificatePath is null ? null : ReadCertificate(options.CertificatePath);

        ObjectFacts keyFacts;
        IReadOnlyList<X509Certificate2> tokenCertificates;
        string? pin;
        Pkcs11TokenInfo token;
        using (var library = OpenModule(module))
        {
            var slot = FindToken(library, uri, module);
            token = library.GetTokenInfo(slot);
            using var session = OpenSession(library, slot, token);
            pin = LogIn(library, slot, session, token, uri, options);
            keyFacts = FindKey(session, uri, token);
            tokenCertificates = certificateFromFile is null ? FindCertificates(session, keyFacts, token) : [];
        }

        var exact = Pkcs11Uri.ForObject(token.Label, token.Serial.Length > 0 ? token.Serial : null, keyFacts.Label, keyFacts.Id, Pkcs11ObjectType.Private, pin);
        var shown = exact.ToString();
        var key = OpenWithOpenSsl(exact, keyFacts, module, route, shown);
        try
        {
            var certificate = certificateFromFile is not null
                ? Match(key, certificateFromFile, shown, options.CertificatePath!)
                : MatchFromToken(key, tokenCertificates, shown, token);
            return new HardwareKey(Attach(certificate, key), key, shown, route);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private string ResolveModule(Pkcs11Uri uri, Pkcs11KeyOptions options)
    {
        if (options.ModulePath is not null)
        {
            return files.Resolve(options.ModulePath);
        }

        if (uri.ModulePath is not null)
        {
            return uri.ModulePath;
        }

        if (uri.ModuleName is not null)
        {
            throw new UsageException(
                $"the PKCS#11 URI names its module by module-name={uri.ModuleName}, which certcreds does not search for",
                "give the module's path with --pkcs11-module PATH (or module-path= in the URI)");
        }

        return ProxyCandidates.FirstOrDefault(File.Exists)
            ?? throw new IdentityException(
                "no PKCS#11 module was given and p11-kit's proxy module is not installed",
                "pass the token's module with --pkcs11-module PATH (e.g. /usr/lib/softhsm/libsofthsm2.so), or install p11-kit");
    }

    private static Pkcs11Route ResolveRoute(Pkcs11Route wanted)
    {
        var provider = OpenSslPlugins.FindProvider("pkcs11");
        var engine = OpenSslPlugins.FindEngine("pkcs11");
        return wanted switch
        {
            Pkcs11Route.Provider when provider is null => throw new IdentityException(
                $"OpenSSL's pkcs11 provider is not installed (no pkcs11.so in {OpenSslPlugins.ModulesDirectory() ?? "OpenSSL's modules folder"})",
                "install pkcs11-provider (Debian 12: from bookworm-backports), or use the engine route"),
            Pkcs11Route.Engine when engine is null => throw new IdentityException(
                $"OpenSSL's pkcs11 engine is not installed (no pkcs11.so in {OpenSslPlugins.EnginesDirectory() ?? "OpenSSL's engines folder"})",
                "install libengine-pkcs11-openssl, or use the provider route"),
            Pkcs11Route.Auto when provider is not null => Pkcs11Route.Provider,
            Pkcs11Route.Auto when engine is not null => Pkcs11Route.Engine,
            Pkcs11Route.Auto => throw new IdentityException(
                "OpenSSL has neither the pkcs11 provider nor the pkcs11 engine, so it cannot use a key in a token",
                "install pkcs11-provider (or libengine-pkcs11-openssl on Debian 12)"),
            _ => wanted,
        };
    }

    private static Pkcs11Library OpenModule(string module)
    {
        if (!File.Exists(module))
        {
            throw new IdentityException(
                $"the PKCS#11 module {TerminalText.Escape(module)} does not exist",
                "install the token's PKCS#11 library or correct --pkcs11-module");
        }

        try
        {
            return Pkcs11Library.Open(module);
        }
        catch (DllNotFoundException e)
        {
            throw new IdentityException(
                $"the PKCS#11 module {TerminalText.Escape(module)} cannot be loaded: {TerminalText.Escape(FirstLine(e.Message))}",
                "check that it is a PKCS#11 library built for this machine and that its own libraries are installed", e);
        }
        catch (EntryPointNotFoundException e)
        {
            throw new IdentityException(
                $"{TerminalText.Escape(module)} is not a PKCS#11 module (it has no C_GetFunctionList)",
                "pass the token's PKCS#11 library with --pkcs11-module", e);
        }
        catch (Pkcs11Exception e)
        {
            throw new IdentityException(
                $"the PKCS#11 module {TerminalText.Escape(module)} failed to start ({e.Message})",
                "check the module's own configuration (e.g. SOFTHSM2_CONF, TPM2_PKCS11_TCTI) and that its device is reachable", e);
        }
    }

    private static ulong FindToken(Pkcs11Library library, Pkcs11Uri uri, string module)
    {
        var info = library.GetInfo();
        var moduleName = string.IsNullOrEmpty(info.Description) ? Path.GetFileName(module) : info.Description;
        if ((uri.LibraryManufacturer is { } lm && lm != info.Manufacturer)
            || (uri.LibraryDescription is { } ld && ld != info.Description)
            || (uri.LibraryVersion is { } lv && lv != $"{info.Major}.{info.Minor}" && lv != $"{info.Major}"))
        {
            throw new IdentityException(
                $"the PKCS#11 module {TerminalText.Escape(module)} ({TerminalText.Escape(moduleName)}) does not match the URI's library-* attributes",
                "drop library-* from the URI or pass the matching module with --pkcs11-module");
        }

        var seen = new List<string>();
        var matches = new List<ulong>();
        foreach (var slot in library.GetSlots(withTokenOnly: true))
        {
            var slotInfo = library.GetSlotInfo(slot);
            Pkcs11TokenInfo token;
            try
            {
                token = library.GetTokenInfo(slot);
            }
            catch (Pkcs11Exception)
            {
                continue;
            }

            if (!token.Has(CKF_TOKEN_INITIALIZED))
            {
                continue;
            }

            seen.Add(token.Label);
            if ((uri.Token is null || uri.Token == token.Label)
                && (uri.Manufacturer is null || uri.Manufacturer == token.Manufacturer)
                && (uri.Serial is null || uri.Serial == token.Serial)
                && (uri.Model is null || uri.Model == token.Model)
                && (uri.SlotId is null || uri.SlotId == slot)
                && (uri.SlotDescription is null || uri.SlotDescription == slotInfo.Description)
                && (uri.SlotManufacturer is null || uri.SlotManufacturer == slotInfo.Manufacturer))
            {
                matches.Add(slot);
            }
        }

        var wanted = uri.Token is null ? "matching the URI" : $"\"{TerminalText.Escape(uri.Token)}\"";
        if (matches.Count == 0)
        {
            var present = seen.Count == 0 ? "it has no token present" : "it has " + string.Join(", ", seen.Select(s => $"\"{TerminalText.Escape(s)}\""));
            throw new IdentityException(
                $"no token {wanted} is present in the PKCS#11 module {TerminalText.Escape(moduleName)} ({present})",
                "insert the token (or start its daemon), or correct token= in the URI / --pkcs11-module");
        }

        if (matches.Count > 1)
        {
            throw new IdentityException(
                $"{matches.Count} tokens {wanted} are present in the PKCS#11 module {TerminalText.Escape(moduleName)}",
                "name one with token= and serial= in the URI");
        }

        return matches[0];
    }

    private static Pkcs11Session OpenSession(Pkcs11Library library, ulong slot, Pkcs11TokenInfo token)
    {
        try
        {
            return library.OpenSession(slot);
        }
        catch (Pkcs11Exception e) when (e.ReturnValue is CKR_TOKEN_NOT_PRESENT or CKR_DEVICE_REMOVED)
        {
            throw new IdentityException($"the token \"{TerminalText.Escape(token.Label)}\" was removed", "insert it again and retry", e);
        }
        catch (Pkcs11Exception e)
        {
            throw new IdentityException($"the token \"{TerminalText.Escape(token.Label)}\" refused a session ({e.Message})", "check that the token works (pkcs11-tool --list-objects) and retry", e);
        }
    }

    /// <summary>One C_Login at most per load, with the PIN from the first source that has one. Returns that PIN.</summary>
    private string? LogIn(Pkcs11Library library, ulong slot, Pkcs11Session session, Pkcs11TokenInfo token, Pkcs11Uri uri, Pkcs11KeyOptions options)
    {
        var label = TerminalText.Escape(token.Label);
        if (token.Has(CKF_USER_PIN_LOCKED))
        {
            throw new IdentityException($"the PIN of token \"{label}\" is locked after too many wrong tries", "unlock it with the security officer PIN (e.g. pkcs11-tool --init-pin --login --login-type so), then retry");
        }

        if (!token.Has(CKF_LOGIN_REQUIRED) || token.Has(CKF_PROTECTED_AUTHENTICATION_PATH))
        {
            // No PIN, or the token's own PIN pad: pass none (a PIN pad asks the person itself).
            return null;
        }

        var pin = ResolvePin(uri, options, token);
        var rv = session.Login(pin);
        if (rv is CKR_OK or CKR_USER_ALREADY_LOGGED_IN)
        {
            return pin;
        }

        var after = TryTokenInfo(library, slot) ?? token;
        throw rv switch
        {
            CKR_PIN_INCORRECT or CKR_PIN_INVALID or CKR_PIN_LEN_RANGE => new IdentityException(
                $"the token \"{label}\" rejected the PIN{TriesLeft(after)}",
                $"check the PIN ({PinSourceName(uri, options)}); certcreds tried it once and will not retry")
            { PinRejected = true },
            CKR_PIN_LOCKED => new IdentityException($"the PIN of token \"{label}\" is locked after too many wrong tries", "unlock it with the security officer PIN, then retry") { PinRejected = true },
            CKR_PIN_EXPIRED => new IdentityException($"the PIN of token \"{label}\" has expired", "set a new PIN (pkcs11-tool --change-pin), then retry"),
            CKR_TOKEN_NOT_PRESENT or CKR_DEVICE_REMOVED => new IdentityException($"the token \"{label}\" was removed", "insert it again and retry"),
            _ => new IdentityException($"the token \"{label}\" refused the login ({Name(rv)})", "check that the token works (pkcs11-tool --login --list-objects) and retry"),
        };
    }

    private static Pkcs11TokenInfo? TryTokenInfo(Pkcs11Library library, ulong slot)
    {
        try
        {
            return library.GetTokenInfo(slot);
        }
        catch (Pkcs11Exception)
        {
            return null;
        }
    }

    private static string TriesLeft(Pkcs11TokenInfo token) =>
        token.Has(CKF_USER_PIN_LOCKED) ? ": the PIN is now locked"
        : token.Has(CKF_USER_PIN_FINAL_TRY) ? ": one try is left before the token locks"
        : token.Has(CKF_USER_PIN_COUNT_LOW) ? ": the token says few tries are left"
        : string.Empty;

    private static string PinSourceName(Pkcs11Uri uri, Pkcs11KeyOptions options) =>
        uri.PinValue is not null ? "pin-value in the URI"
        : uri.PinSource is not null ? "the file named by pin-source"
        : options.PasswordFile is not null ? "--private-key-password-file"
        : $"{PinVariable} or the PIN typed";

    private string ResolvePin(Pkcs11Uri uri, Pkcs11KeyOptions options, Pkcs11TokenInfo token)
    {
        if (uri.PinValue is not null)
        {
            return uri.PinValue;
        }

        if (uri.PinSource is not null)
        {
            var path = uri.PinSource.StartsWith("file:", StringComparison.Ordinal) ? uri.PinSource["file:".Length..] : uri.PinSource;
            if (path.StartsWith("//", StringComparison.Ordinal))
            {
                path = path[2..];
            }

            return ReadPinFile(path, "pin-source in the PKCS#11 URI");
        }

        if (options.PasswordFile is not null)
        {
            return ReadPinFile(options.PasswordFile, "--private-key-password-file");
        }

        if (environment(PinVariable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        var label = TerminalText.Escape(token.Label);
        return (prompt?.ReadPin($"PIN for token \"{label}\": ") is { Length: > 0 } typed ? typed : null)
            ?? throw new IdentityException(
                $"the token \"{label}\" needs a PIN and none was given",
                $"set {PinVariable}, pass --private-key-password-file FILE, or add pin-source=file:PATH to the URI");
    }

    private string ReadPinFile(string path, string option)
    {
        var bytes = files.Read(path, "PIN file", option);
        try
        {
            var text = Encoding.UTF8.GetString(bytes);
            // Editors and `echo` add one newline; a PIN never ends with one.
            return text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static ObjectFacts FindKey(Pkcs11Session session, Pkcs11Uri uri, Pkcs11TokenInfo token)
    {
        // Token objects only: pkcs11-provider copies the keys it opens into session objects of the same label and id,
        // which every session of this process sees while the module stays initialized.
        var template = new List<(ulong, byte[])> { (CKA_CLASS, Pkcs11Session.Ulong(CKO_PRIVATE_KEY)), (CKA_TOKEN, [1]) };
        if (uri.Object is not null)
        {
            template.Add((CKA_LABEL, Encoding.UTF8.GetBytes(uri.Object)));
        }

        if (uri.Id is not null)
        {
            template.Add((CKA_ID, uri.Id));
        }

        var found = session.FindObjects([.. template]);
        var label = TerminalText.Escape(token.Label);
        if (found.Count == 0)
        {
            var all = session.FindObjects((CKA_CLASS, Pkcs11Session.Ulong(CKO_PRIVATE_KEY)), (CKA_TOKEN, [1]));
            var names = all.Select(o => session.GetText(o, CKA_LABEL)).Where(n => !string.IsNullOrEmpty(n)).Select(n => $"\"{TerminalText.Escape(n)}\"").Take(10).ToList();
            throw new IdentityException(
                $"the token \"{label}\" has no private key {Describe(uri)} ({(names.Count == 0 ? "it holds no private key" : "it holds " + string.Join(", ", names))})",
                "correct object= or id= in the URI (pkcs11-tool --list-objects --login shows them)");
        }

        if (found.Count > 1)
        {
            throw new IdentityException(
                $"the token \"{label}\" has {found.Count} private keys {Describe(uri)}",
                "name one with object= and id= in the URI");
        }

        var obj = found[0];
        var facts = new ObjectFacts(session.GetText(obj, CKA_LABEL), session.GetAttribute(obj, CKA_ID), session.GetUlong(obj, CKA_KEY_TYPE));
        if (session.GetBool(obj, CKA_SIGN) == false)
        {
            throw new IdentityException(
                $"the key {Show(facts)} in token \"{label}\" is not allowed to sign (CKA_SIGN is false)",
                "use a key made for signing or authentication (e.g. YubiKey PIV slot 9a), or create one with pkcs11-tool --keypairgen --usage-sign");
        }

        if (facts.KeyType is not (CKK_RSA or CKK_EC))
        {
            throw new IdentityException($"the key {Show(facts)} in token \"{label}\" is neither RSA nor EC", "use an RSA or EC (P-256/P-384) key");
        }

        return facts;
    }

    private static List<X509Certificate2> FindCertificates(Pkcs11Session session, ObjectFacts key, Pkcs11TokenInfo token)
    {
        // Prefer certificates that share the key's id, then its label, then any: the test signature decides.
        var found = new List<X509Certificate2>();
        var all = session.FindObjects((CKA_CLASS, Pkcs11Session.Ulong(CKO_CERTIFICATE)), (CKA_CERTIFICATE_TYPE, Pkcs11Session.Ulong(CKC_X_509)), (CKA_TOKEN, [1]));
        var ordered = all.OrderBy(o =>
            key.Id is not null && session.GetAttribute(o, CKA_ID) is { } id && id.AsSpan().SequenceEqual(key.Id) ? 0
            : key.Label is not null && session.GetText(o, CKA_LABEL) == key.Label ? 1 : 2);
        foreach (var obj in ordered.Take(32))
        {
            if (session.GetAttribute(obj, CKA_VALUE) is not { } der)
            {
                continue;
            }

            try
            {
                found.Add(X509CertificateLoader.LoadCertificate(der));
            }
            catch (CryptographicException)
            {
                // A malformed object is someone else's problem; keep looking.
            }
        }

        return found;
    }

    private X509Certificate2 ReadCertificate(string path)
    {
        var bytes = files.Read(path, "certificate", "--certificate");
        try
        {
            var text = Encoding.ASCII.GetString(bytes);
            return text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(text)
                : X509CertificateLoader.LoadCertificate(bytes);
        }
        catch (CryptographicException e)
        {
            throw new IdentityException($"the certificate {TerminalText.Escape(path)} is not a PEM or DER X.509 certificate", "pass the device certificate with --certificate", e);
        }
    }

    private static AsymmetricAlgorithm OpenWithOpenSsl(Pkcs11Uri exact, ObjectFacts facts, string module, Pkcs11Route route, string shown)
    {
        SafeEvpPKeyHandle handle;
        try
        {
            if (route == Pkcs11Route.Provider)
            {
                using (NativeVariableScope.Set(("PKCS11_PROVIDER_MODULE", module)))
                {
                    handle = SafeEvpPKeyHandle.OpenKeyFromProvider("pkcs11", exact.ToOpenSslUri());
                }
            }
            else
            {
                using (NativeVariableScope.Set(("PKCS11_MODULE_PATH", module)))
                {
                    // The variable serves the engine's first binding in this process; the control command every later one.
                    _ = OpenSslEngineControl.SetModulePath("pkcs11", module);
                    handle = SafeEvpPKeyHandle.OpenPrivateKeyFromEngine("pkcs11", exact.ToOpenSslUri());
                }
            }
        }
        catch (CryptographicException e)
        {
            // The token already said yes to the PIN and the key; what is left is OpenSSL's side. Its message is a bare
            // error code, so name the route and the checks that remain instead.
            throw new IdentityException(
                $"OpenSSL's pkcs11 {(route == Pkcs11Route.Provider ? "provider" : "engine")} could not open the key {shown} that the token holds",
                route == Pkcs11Route.Provider
                    ? "try the engine route (libengine-pkcs11-openssl); set PKCS11_PROVIDER_DEBUG=file:/dev/stderr to see the provider's reason"
                    : "try the provider route (pkcs11-provider); note the engine keeps the first PKCS#11 module a process used, so one process can use one module through it",
                e);
        }

        try
        {
            return facts.KeyType == CKK_RSA ? new RSAOpenSsl(handle) : new ECDsaOpenSsl(handle);
        }
        catch (CryptographicException e)
        {
            throw new IdentityException(
                $"OpenSSL opened the key {shown} but cannot use it as an {(facts.KeyType == CKK_RSA ? "RSA" : "EC")} key",
                facts.KeyType == CKK_EC && route == Pkcs11Route.Provider
                    ? "use the engine route: this token's EC private key has no public point for the provider"
                    : "check the key in the token (pkcs11-tool --list-objects --login)",
                e);
        }
        finally
        {
            handle.Dispose();
        }
    }

    private static X509Certificate2 Match(AsymmetricAlgorithm key, X509Certificate2 certificate, string shown, string path)
    {
        if (!Verifies(key, certificate))
        {
            throw new IdentityException(
                $"the token key {shown} does not match the certificate {TerminalText.Escape(path)}",
                "pass the certificate issued for this key, or name the key the certificate belongs to");
        }

        return certificate;
    }

    private static X509Certificate2 MatchFromToken(AsymmetricAlgorithm key, IReadOnlyList<X509Certificate2> candidates, string shown, Pkcs11TokenInfo token)
    {
        var match = candidates.FirstOrDefault(c => Verifies(key, c));
        foreach (var other in candidates.Where(c => !ReferenceEquals(c, match)))
        {
            other.Dispose();
        }

        return match ?? throw new IdentityException(
            candidates.Count == 0
                ? $"the token \"{TerminalText.Escape(token.Label)}\" holds no certificate and none was given for the key {shown}"
                : $"none of the {candidates.Count} certificates in token \"{TerminalText.Escape(token.Label)}\" matches the key {shown}",
            "pass the device certificate with --certificate, or store it in the token next to the key");
    }

    /// <summary>The test signature: the token signs, the certificate's public key verifies.</summary>
    private static bool Verifies(AsymmetricAlgorithm key, X509Certificate2 certificate)
    {
        try
        {
            switch (key)
            {
                case RSA rsa:
                    using (var pub = certificate.GetRSAPublicKey())
                    {
                        return pub is not null && pub.VerifyData(ProbeData, rsa.SignData(ProbeData, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                    }

                case ECDsa ec:
                    using (var pub = certificate.GetECDsaPublicKey())
                    {
                        return pub is not null && pub.VerifyData(ProbeData, ec.SignData(ProbeData, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256);
                    }

                default:
                    return false;
            }
        }
        catch (CryptographicException e)
        {
            throw new IdentityException(
                $"the token refused to sign with the key ({TerminalText.Escape(FirstLine(e.Message))})",
                "check that the key may sign (CKA_SIGN) and that the token is still inserted");
        }
    }

    private static X509Certificate2 Attach(X509Certificate2 certificate, AsymmetricAlgorithm key)
    {
        using (certificate)
        {
            return key switch
            {
                RSA rsa => certificate.CopyWithPrivateKey(rsa),
                ECDsa ec => certificate.CopyWithPrivateKey(ec),
                _ => throw new UnreachableException(),
            };
        }
    }

    private static string Describe(Pkcs11Uri uri) =>
        uri.Object is null && uri.Id is null ? "at all"
        : string.Join(" ", new[]
        {
            uri.Object is null ? null : $"labelled \"{TerminalText.Escape(uri.Object)}\"",
            uri.Id is null ? null : $"with id {Convert.ToHexString(uri.Id)}",
        }.Where(s => s is not null));

    private static string Show(ObjectFacts facts) =>
        facts.Label is { Length: > 0 } label ? $"\"{TerminalText.Escape(label)}\"" : $"with id {Convert.ToHexString(facts.Id ?? [])}";

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
