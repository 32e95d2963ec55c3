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

    public Option<string> PrivateKey { get; } = new("--private-key") { Description = "PEM private key (PKCS#1, PKCS#8, SEC1 EC or encrypted PKCS#8), a key in a token as a pkcs11: URI, or a TPM handle:0x81… (Roles Anywhere only). Env: CERTCREDS_PRIVATE_KEY", HelpName = "PATH|URI" };

    public Option<string> PasswordFile { get; } = new("--private-key-password-file") { Description = "File holding the key or PKCS#12 password. Env: CERTCREDS_PRIVATE_KEY_PASSWORD_FILE, or the password itself in CERTCREDS_PRIVATE_KEY_PASSWORD", HelpName = "PATH" };

    public Option<string> CaCert { get; } = new("--ca-cert") { Description = "PEM trust anchors for the endpoint. Default: the embedded Amazon Trust Services roots. Env: CERTCREDS_CA_CERT", HelpName = "PATH" };

    public Option<string> Timeout { get; } = new("--timeout") { Description = "Deadline in seconds for the whole call, retries included (default 10). Env: CERTCREDS_TIMEOUT", HelpName = "SECONDS" };

    /// <summary>Keys in hardware: --pkcs11-module and aws_signing_helper's TPM/PIN options.</summary>
    public HardwareKeyArguments Hardware { get; } = new();

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in (Option[])[Iot.Endpoint, Iot.RoleAlias, Certificate, PrivateKey, PasswordFile, Iot.ThingName, CaCert, Timeout])
        {
            command.Options.Add(option);
        }

        foreach (var option in Hardware.All)
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
        var privateKey = Get(PrivateKey, "CERTCREDS_PRIVATE_KEY");

        // A token can hold the certificate beside its key; a file key or a TPM handle cannot.
        var certificate = Get(Certificate, "CERTCREDS_CERTIFICATE");
        if (certificate is null && !Keys.Hardware.Pkcs11Uri.IsPkcs11Uri(privateKey))
        {
            throw new UsageException("no certificate was given", "pass --certificate PATH (the device's certificate.pem.crt)");
        }

        var identity = Hardware.Resolve(result, new IdentityOptions(certificate, privateKey, Get(PasswordFile, "CERTCREDS_PRIVATE_KEY_PASSWORD_FILE")), Get);
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
