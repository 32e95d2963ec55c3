using System.CommandLine;
using CertCreds.Certificates;
using CertCreds.Errors;

namespace CertCreds.Cli.Options;

/// <summary>
/// The options for keys in hardware (<c>--private-key pkcs11:…</c> or <c>handle:0x81…</c>), including
/// aws_signing_helper's names so its command lines carry over: each is accepted or refused here, in one place, with
/// the reason.
/// </summary>
internal sealed class HardwareKeyArguments
{
    public const string ModuleVariable = "CERTCREDS_PKCS11_MODULE";

    public Option<string> Pkcs11Module { get; } = new("--pkcs11-module", "--pkcs11-lib")
    {
        Description = $"PKCS#11 library of the token holding --private-key pkcs11:… (default: the URI's module-path, else p11-kit's proxy). Env: {ModuleVariable}",
        HelpName = "PATH",
    };

    /// <summary>aws_signing_helper's password for a TPM key file: refused, a value here is visible to every user in /proc.</summary>
    public Option<string> TpmKeyPassword { get; } = new("--tpm-key-password") { Hidden = true };

    /// <summary>aws_signing_helper's "the TPM key has no password": accepted, it is how certcreds opens handle: keys anyway.</summary>
    public Option<bool> NoTpmKeyPassword { get; } = new("--no-tpm-key-password") { Description = "Accepted for aws_signing_helper compatibility: handle: keys are opened without a password" };

    /// <summary>aws_signing_helper's re-login for keys that want the PIN before every signature: refused, see <see cref="Resolve"/>.</summary>
    public Option<bool> ReusePin { get; } = new("--reuse-pin") { Hidden = true };

    public IEnumerable<Option> All => [Pkcs11Module, TpmKeyPassword, NoTpmKeyPassword, ReusePin];

    /// <summary>The identity with its PKCS#11 module; the refused aws_signing_helper options end here with exit 2.</summary>
    public IdentityOptions Resolve(ParseResult result, IdentityOptions identity, Func<Option<string>, string, string?> get)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(get);
        if (result.GetResult(TpmKeyPassword) is not null)
        {
            throw new UsageException(
                "--tpm-key-password is not accepted: a password on the command line is visible to every user in /proc",
                "put it in a file readable only by you and pass --private-key-password-file FILE (or set CERTCREDS_PKCS11_PIN for a token PIN)");
        }

        if (result.GetValue(ReusePin))
        {
            throw new UsageException(
                "--reuse-pin is not supported: certcreds does not log in again before each signature for keys that demand it (CKA_ALWAYS_AUTHENTICATE)",
                "use a key that needs one login per session (e.g. YubiKey PIV slot 9a rather than 9c), and leave --reuse-pin out");
        }

        var module = get(Pkcs11Module, ModuleVariable);
        return module is null ? identity : identity with { Pkcs11Module = module };
    }
}
