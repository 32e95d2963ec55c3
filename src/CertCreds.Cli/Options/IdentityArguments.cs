using System.CommandLine;
using System.Globalization;
using CertCreds.Certificates;
using CertCreds.Errors;
using CertCreds.Sources;

namespace CertCreds.Cli.Options;

/// <summary>
/// The options that name a device identity and a credential source, shared by every verb that fetches
/// credentials. Each can also come from <c>CERTCREDS_&lt;OPTION&gt;</c>; a command-line value wins. They resolve
/// into <see cref="CredentialSettings"/>: identity options, one source's settings, trust and deadline.
/// </summary>
internal sealed class IdentityArguments
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The IoT credentials provider's options.</summary>
    public IotSourceArguments Iot { get; } = new();

    public Option<string> Endpoint => Iot.Endpoint;

    public Option<string> Certificate { get; } = new("--certificate") { Description = "PEM device certificate (intermediates may follow), or a PKCS#12 file without --private-key. Env: CERTCREDS_CERTIFICATE", HelpName = "PATH" };

    public Option<string> PrivateKey { get; } = new("--private-key") { Description = "PEM private key: PKCS#1, PKCS#8, SEC1 EC or encrypted PKCS#8. Env: CERTCREDS_PRIVATE_KEY", HelpName = "PATH" };

    public Option<string> PasswordFile { get; } = new("--private-key-password-file") { Description = "File holding the key or PKCS#12 password. Env: CERTCREDS_PRIVATE_KEY_PASSWORD_FILE, or the password itself in CERTCREDS_PRIVATE_KEY_PASSWORD", HelpName = "PATH" };

    public Option<string> CaCert { get; } = new("--ca-cert") { Description = "PEM trust anchors for the endpoint. Default: the embedded Amazon Trust Services roots. Env: CERTCREDS_CA_CERT", HelpName = "PATH" };

    public Option<string> Timeout { get; } = new("--timeout") { Description = "Deadline in seconds for the whole call, retries included (default 10). Env: CERTCREDS_TIMEOUT", HelpName = "SECONDS" };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in (Option[])[Iot.Endpoint, Iot.RoleAlias, Certificate, PrivateKey, PasswordFile, Iot.ThingName, CaCert, Timeout])
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Resolves options and environment into one immutable record; every value is checked here, before any I/O.</summary>
    public CredentialSettings Resolve(ParseResult result, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(environment);
        string? Get(Option<string> option, string variable)
        {
            var value = result.GetValue(option);
            if (string.IsNullOrEmpty(value))
            {
                value = environment(variable);
            }

            return string.IsNullOrEmpty(value) ? null : value;
        }

        ICredentialSource source = Iot.Resolve(result, environment, Get);
        var certificate = Get(Certificate, "CERTCREDS_CERTIFICATE")
            ?? throw new UsageException("no certificate was given", "pass --certificate PATH (the device's certificate.pem.crt)");
        var identity = new IdentityOptions(certificate, Get(PrivateKey, "CERTCREDS_PRIVATE_KEY"), Get(PasswordFile, "CERTCREDS_PRIVATE_KEY_PASSWORD_FILE"));
        var timeoutText = Get(Timeout, "CERTCREDS_TIMEOUT");
        var timeout = DefaultTimeout;
        if (timeoutText is not null)
        {
            if (!double.TryParse(timeoutText, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !double.IsFinite(seconds) || seconds <= 0 || seconds > 3600)
            {
                throw new UsageException($"the timeout '{timeoutText}' is not a number of seconds", "pass --timeout SECONDS with a value above 0 and at most 3600");
            }

            timeout = TimeSpan.FromSeconds(seconds);
        }

        return new CredentialSettings(identity, source, Get(CaCert, "CERTCREDS_CA_CERT"), timeout);
    }
}
