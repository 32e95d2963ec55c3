using CertCreds.Errors;
using CertCreds.Protocol;

namespace CertCreds.Providers;

/// <summary>What to ask the credentials provider for. Validated on construction, so header and path are safe.</summary>
public sealed record IotCredentialsRequest
{
    public IotCredentialsRequest(IotEndpoint endpoint, string? roleAlias, string? thingName)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (string.IsNullOrEmpty(roleAlias))
        {
            throw new UsageException("no role alias was given", "pass --role-alias NAME (aws iot list-role-aliases shows them)");
        }

        if (!IotProtocol.IsValidRoleAlias(roleAlias))
        {
            throw new UsageException($"the role alias '{roleAlias}' is not a valid name", "role aliases are 1–128 letters, digits and _=,@-");
        }

        if (thingName is not null && !IotProtocol.IsValidThingName(thingName))
        {
            throw new UsageException($"the thing name '{thingName}' is not a valid name", "thing names are 1–128 letters, digits and :_-");
        }

        Endpoint = endpoint;
        RoleAlias = roleAlias;
        ThingName = thingName;
    }

    public IotEndpoint Endpoint { get; }

    public string RoleAlias { get; }

    /// <summary>Sent as <c>x-amzn-iot-thingname</c> only when not null.</summary>
    public string? ThingName { get; }

    public Uri Uri => new($"https://{Endpoint.Authority}{IotProtocol.CredentialsPath(RoleAlias)}");
}
