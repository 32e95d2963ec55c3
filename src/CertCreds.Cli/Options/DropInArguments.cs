using System.CommandLine;
using CertCreds.Errors;

namespace CertCreds.Cli.Options;

/// <summary>
/// aws_signing_helper's flags that certcreds does not need or must not follow, so its command lines run unchanged:
/// <c>--with-proxy</c> is accepted (certcreds always honours HTTPS_PROXY/NO_PROXY), <c>--debug</c> turns tracing on
/// (<see cref="CliApp"/> reads it), and the rest are refused here, each with its reason and fix in one line.
/// </summary>
internal sealed class DropInArguments
{
    public const string DebugName = "--debug";

    public Option<bool> WithProxy { get; } = new("--with-proxy") { Description = "Accepted for aws_signing_helper command lines; no effect: certcreds always honours HTTPS_PROXY, ALL_PROXY and NO_PROXY" };

    public Option<bool> Debug { get; } = new(DebugName) { Description = "Trace each step on stderr (as CERTCREDS_TRACE=1; never a secret)" };

    private readonly (Option Option, string Why, string Fix)[] refused =
    [
        (new Option<string>("--pkcs8-password") { Hidden = true },
            "a password on the command line is visible to every local user (in /proc and ps)",
            "put it in a file readable only by you and pass --private-key-password-file PATH, or set CERTCREDS_PRIVATE_KEY_PASSWORD"),
        (new Option<bool>("--no-verify-ssl") { Hidden = true },
            "certcreds does not turn off endpoint verification: anyone on the path could then hand out or read the credentials",
            "pass the endpoint's CA with --ca-cert PATH (e.g. for an emulator or a TLS-inspecting proxy)"),
        (new Option<string>("--cert-selector") { Hidden = true },
            "certificate stores (Windows, macOS keychain) are not supported: certcreds runs on Linux and reads files",
            "export the certificate and key to PEM files and pass --certificate and --private-key"),
        (new Option<string>("--system-store-name") { Hidden = true },
            "certificate stores (Windows, macOS keychain) are not supported: certcreds runs on Linux and reads files",
            "export the certificate and key to PEM files and pass --certificate and --private-key"),
        (new Option<bool>("--use-latest-expiring-certificate") { Hidden = true },
            "certificate stores (Windows, macOS keychain) are not supported: certcreds runs on Linux and reads files",
            "export the certificate and key to PEM files and pass --certificate and --private-key"),
    ];

    public IEnumerable<Option> All => refused.Select(r => r.Option).Prepend(Debug).Prepend(WithProxy);

    /// <summary>Throws for the first refused flag on the command line (exit 2); the accepted ones need nothing here.</summary>
    public void CheckRefused(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        foreach (var (option, why, fix) in refused)
        {
            if (result.GetResult(option) is { Implicit: false })
            {
                throw new UsageException($"{option.Name} is not supported: {why}", fix);
            }
        }
    }

    /// <summary>True when <c>--debug</c> is on the parsed command line.</summary>
    public static bool DebugRequested(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var debug = result.CommandResult.Command.Options.OfType<Option<bool>>().FirstOrDefault(o => o.Name == DebugName);
        return debug is not null && result.GetValue(debug);
    }
}
