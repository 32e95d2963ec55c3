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

    /// <summary>IAM Roles Anywhere's options (aws_signing_helper's names).</summary>
    public RolesAnywhereSourceArguments RolesAnywhere { get; } = new();

    /// <summary>aws_signing_helper's flags that are accepted or refused with a reason.</summary>
    public DropInArguments DropIn { get; } = new();

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
        foreach (var option in ((Option[])[Iot.Endpoint, Iot.RoleAlias, Certificate, PrivateKey, PasswordFile, Iot.ThingName, CaCert, Timeout]).Concat(RolesAnywhere.All).Concat(DropIn.All))
        {
            command.Options.Add(option);
        }

        foreach (var option in Hardware.All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Resolves options and environment into one immutable record; every value is checked here, before any I/O.</summary>
    /// <param name="result">The parsed command line.</param>
    /// <param name="environment">Reads one environment variable.</param>
    /// <param name="regionServesIot">True when --region has a meaning for IoT too (configure --discover-endpoint).</param>
    public CredentialSettings Resolve(ParseResult result, Func<string, string?> environment, bool regionServesIot = false)
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

        DropIn.CheckRefused(result);
        var source = SelectSource(result, environment, Get, regionServesIot);
        var privateKey = Get(PrivateKey, "CERTCREDS_PRIVATE_KEY");

        // A token can hold the certificate beside its key; a file key or a TPM handle cannot.
        var certificate = Get(Certificate, "CERTCREDS_CERTIFICATE");
        if (certificate is null && !Keys.Hardware.Pkcs11Uri.IsPkcs11Uri(privateKey))
        {
            throw new UsageException("no certificate was given", "pass --certificate PATH (the device's certificate.pem.crt)");
        }

        var identity = Hardware.Resolve(result, new IdentityOptions(certificate, privateKey, Get(PasswordFile, "CERTCREDS_PRIVATE_KEY_PASSWORD_FILE"))
        {
            IntermediatesPath = Get(RolesAnywhere.Intermediates, "CERTCREDS_INTERMEDIATES"),
        }, Get);
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

    /// <summary>Which source the given options name: <c>--role-alias</c> → IoT; the three ARNs → Roles Anywhere.</summary>
    public SourceChoice Choice(ParseResult result, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(environment);
        bool Given(Option option) => result.GetResult(option) is { Implicit: false };

        // The command line decides when it names a source; the environment only when it does not, so a
        // CERTCREDS_ROLE_ALIAS left in a shell does not clash with ARNs typed on the command line.
        var iotOnCommandLine = Given(Iot.RoleAlias);
        var rolesAnywhereOnCommandLine = RolesAnywhere.Selectors.Where(s => Given(s.Option)).Select(s => s.Option.Name).ToArray();
        if (iotOnCommandLine && rolesAnywhereOnCommandLine.Length > 0)
        {
            throw new UsageException(
                $"--role-alias (AWS IoT) and {string.Join(", ", rolesAnywhereOnCommandLine)} (IAM Roles Anywhere) were both given",
                $"remove --role-alias to use IAM Roles Anywhere, or remove {string.Join(", ", rolesAnywhereOnCommandLine)} to use the AWS IoT credentials provider");
        }

        if (iotOnCommandLine)
        {
            return SourceChoice.Iot;
        }

        if (rolesAnywhereOnCommandLine.Length > 0)
        {
            return SourceChoice.RolesAnywhere;
        }

        var iotInEnvironment = !string.IsNullOrEmpty(environment("CERTCREDS_ROLE_ALIAS"));
        var rolesAnywhereInEnvironment = RolesAnywhere.Selectors.Where(s => !string.IsNullOrEmpty(environment(s.Variable))).Select(s => s.Variable).ToArray();
        if (iotInEnvironment && rolesAnywhereInEnvironment.Length > 0)
        {
            throw new UsageException(
                $"CERTCREDS_ROLE_ALIAS (AWS IoT) and {string.Join(", ", rolesAnywhereInEnvironment)} (IAM Roles Anywhere) are both set",
                "unset the variables of the source you do not use, or name the source on the command line (--role-alias, or the three ARNs)");
        }

        return rolesAnywhereInEnvironment.Length > 0 ? SourceChoice.RolesAnywhere : SourceChoice.Iot;
    }

    private ICredentialSource SelectSource(ParseResult result, Func<string, string?> environment, Func<Option<string>, string, string?> get, bool regionServesIot)
    {
        bool Given(Option option) => result.GetResult(option) is { Implicit: false };
        if (Choice(result, environment) == SourceChoice.RolesAnywhere)
        {
            if (Given(Iot.ThingName))
            {
                throw new UsageException("--thing-name is an AWS IoT option, and the options given select IAM Roles Anywhere", "remove --thing-name (Roles Anywhere has no things), or use --role-alias instead of the ARNs for IoT");
            }

            return RolesAnywhere.Resolve(result, environment, get, get(Iot.Endpoint, "CERTCREDS_ENDPOINT"));
        }

        var stray = RolesAnywhere.OnlyRolesAnywhere.Append(RolesAnywhere.Region).Where(o => Given(o) && !(o == RolesAnywhere.Region && regionServesIot)).Select(o => o.Name).ToArray();
        if (stray.Length > 0)
        {
            var fips = stray.Contains(RolesAnywhere.UseFipsEndpoint.Name) ? "; for the IoT FIPS endpoint pass --endpoint data.credentials.iot-fips.REGION.amazonaws.com" : string.Empty;
            throw new UsageException(
                $"{string.Join(", ", stray)} {(stray.Length == 1 ? "is an IAM Roles Anywhere option" : "are IAM Roles Anywhere options")}, and the options given select the AWS IoT credentials provider",
                $"remove {string.Join(", ", stray)}, or pass --trust-anchor-arn, --profile-arn and --role-arn instead of --role-alias{fips}");
        }

        return Iot.Resolve(result, environment, get);
    }
}
