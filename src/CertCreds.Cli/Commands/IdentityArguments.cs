using System.CommandLine;
using System.Globalization;
using CertCreds.Certificates;
using CertCreds.Errors;
using CertCreds.Providers;

namespace CertCreds.Cli.Commands;

/// <summary>
/// The options that name a device identity and an endpoint, shared by every verb that fetches credentials.
/// Each can also come from <c>CERTCREDS_&lt;OPTION&gt;</c>; a command-line value wins.
/// </summary>
internal sealed class IdentityArguments
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public Option<string> Endpoint { get; } = new("--endpoint") { Description = "Credentials endpoint HOST[:PORT] (aws iot describe-endpoint --endpoint-type iot:CredentialProvider). Env: CERTCREDS_ENDPOINT", HelpName = "HOST[:PORT]" };

    public Option<string> RoleAlias { get; } = new("--role-alias") { Description = "IoT role alias name. Env: CERTCREDS_ROLE_ALIAS", HelpName = "NAME" };

    public Option<string> Certificate { get; } = new("--certificate") { Description = "PEM device certificate (intermediates may follow), or a PKCS#12 file without --private-key. Env: CERTCREDS_CERTIFICATE", HelpName = "PATH" };

    public Option<string> PrivateKey { get; } = new("--private-key") { Description = "PEM private key: PKCS#1, PKCS#8, SEC1 EC or encrypted PKCS#8. Env: CERTCREDS_PRIVATE_KEY", HelpName = "PATH" };

    public Option<string> PasswordFile { get; } = new("--private-key-password-file") { Description = "File holding the key or PKCS#12 password. Env: CERTCREDS_PRIVATE_KEY_PASSWORD_FILE, or the password itself in CERTCREDS_PRIVATE_KEY_PASSWORD", HelpName = "PATH" };

    public Option<string> ThingName { get; } = new("--thing-name") { Description = "Thing name, sent as x-amzn-iot-thingname (only when given). Env: CERTCREDS_THING_NAME", HelpName = "NAME" };

    public Option<string> CaCert { get; } = new("--ca-cert") { Description = "PEM trust anchors for the endpoint. Default: the embedded Amazon Trust Services roots. Env: CERTCREDS_CA_CERT", HelpName = "PATH" };

    public Option<string> Timeout { get; } = new("--timeout") { Description = "Deadline in seconds for the whole call, retries included (default 10). Env: CERTCREDS_TIMEOUT", HelpName = "SECONDS" };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in (Option[])[Endpoint, RoleAlias, Certificate, PrivateKey, PasswordFile, ThingName, CaCert, Timeout])
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Resolves options and environment into one immutable record; every value is checked here, before any I/O.</summary>
    public FetchSettings Resolve(ParseResult result, Func<string, string?> environment)
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

        var endpoint = IotEndpoint.Parse(Get(Endpoint, "CERTCREDS_ENDPOINT"));
        var request = new IotCredentialsRequest(endpoint, Get(RoleAlias, "CERTCREDS_ROLE_ALIAS"), ResolveThingName(result, environment));
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

        return new FetchSettings(request, identity, Get(CaCert, "CERTCREDS_CA_CERT"), timeout);
    }

    /// <summary>
    /// Unlike the other options, a thing name that is given but empty is an error, not "absent": sending no
    /// header silently changes which policy variables the endpoint sees, and an empty variable is usually a
    /// script that failed to fill it in.
    /// </summary>
    private string? ResolveThingName(ParseResult result, Func<string, string?> environment)
    {
        var fromCommandLine = result.GetResult(ThingName) is not null;
        var value = fromCommandLine ? result.GetValue(ThingName) : environment("CERTCREDS_THING_NAME");
        if (value is null)
        {
            return null;
        }

        if (value.Length == 0)
        {
            var source = fromCommandLine ? "--thing-name" : "CERTCREDS_THING_NAME";
            throw new UsageException($"{source} is empty", $"pass a thing name (1–128 letters, digits and :_-), or leave {source} out to send no thing name");
        }

        return value;
    }
}
