using System.CommandLine;
using CertCreds.Errors;
using CertCreds.Providers;
using CertCreds.Sources;

namespace CertCreds.Cli.Options;

/// <summary>
/// The options that select the AWS IoT credentials provider: endpoint, role alias, thing name. A second source
/// (Roles Anywhere) brings its own class like this one; <see cref="IdentityArguments"/> picks the one whose
/// options were given.
/// </summary>
internal sealed class IotSourceArguments
{
    public Option<string> Endpoint { get; } = new("--endpoint") { Description = "Credentials endpoint HOST[:PORT] (aws iot describe-endpoint --endpoint-type iot:CredentialProvider). Env: CERTCREDS_ENDPOINT", HelpName = "HOST[:PORT]" };

    public Option<string> RoleAlias { get; } = new("--role-alias") { Description = "IoT role alias name. Env: CERTCREDS_ROLE_ALIAS", HelpName = "NAME" };

    public Option<string> ThingName { get; } = new("--thing-name") { Description = "Thing name, sent as x-amzn-iot-thingname (only when given). Env: CERTCREDS_THING_NAME", HelpName = "NAME" };

    /// <summary>The IoT source from options and environment; every value checked here, before any I/O.</summary>
    public IotCredentialSource Resolve(ParseResult result, Func<string, string?> environment, Func<Option<string>, string, string?> get)
    {
        ArgumentNullException.ThrowIfNull(get);
        var endpoint = IotEndpoint.Parse(get(Endpoint, "CERTCREDS_ENDPOINT"));
        return new IotCredentialSource(new IotCredentialsRequest(endpoint, get(RoleAlias, "CERTCREDS_ROLE_ALIAS"), ResolveThingName(result, environment)));
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
