using CertCreds.Emulator.Registry;
using CertCreds.Protocol;

namespace CertCreds.Emulator.Decisions;

/// <summary>
/// The credentials provider's checks as a pure function of the request and the registry. The order is
/// the one observed against AWS: certificate/SNI → thing → policy → alias → role → duration. So a
/// wildcard policy can let a request for a missing alias through to the 404.
/// </summary>
public static class DecisionEngine
{
    private const string PathPrefix = "/role-aliases/";
    private const string PathSuffix = "/credentials";

    public static Decision Decide(ProviderRequest request, RegistryDocument registry)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(registry);
        var settings = registry.Settings;

        var alias = AliasFromPath(request.Method, request.Path);
        if (alias is null)
        {
            // Guess: anything that is not the one route gets the data endpoint's answer, before any check.
            return new Decision(404, "Not Found", settings.NotFoundErrorType, null, IsDataEndpointNotFound: true);
        }

        if (string.IsNullOrEmpty(request.Host))
        {
            return Decision.Error(settings.MissingHostStatus, settings.MissingHostMessage, settings.MissingHostErrorType);
        }

        var certificateId = request.CertificateId;
        var certificate = certificateId is null ? null : registry.Certificates.Find(c => string.Equals(c.Id, certificateId, StringComparison.OrdinalIgnoreCase));
        if (certificate is null
            || certificate.Status != CertificateStatus.Active
            || !string.Equals(request.Sni, settings.HostName, StringComparison.OrdinalIgnoreCase))
        {
            return Decision.Error(403, IotProtocol.CertificateInvalidMessage, settings.CertificateInvalidErrorType);
        }

        if (request.ThingName is not null)
        {
            var thing = registry.Things.Find(t => string.Equals(t.Name, request.ThingName, StringComparison.Ordinal));
            if (thing is null || !thing.Certificates.Exists(c => string.Equals(c, certificateId, StringComparison.OrdinalIgnoreCase)))
            {
                return Decision.Error(403, IotProtocol.InvalidThingMessage, settings.InvalidThingErrorType);
            }
        }

        var aliasArn = registry.RoleAliasArn(alias);
        var allowed = registry.Policies.Exists(p =>
            p.Certificates.Exists(c => string.Equals(c, certificateId, StringComparison.OrdinalIgnoreCase))
            && p.AllowedRoleAliasArns.Exists(pattern => ArnPattern.Matches(pattern, aliasArn)));
        if (!allowed)
        {
            return Decision.Error(403, IotProtocol.AccessDeniedMessage, settings.AccessDeniedErrorType);
        }

        var roleAlias = registry.RoleAliases.Find(a => string.Equals(a.Name, alias, StringComparison.Ordinal));
        if (roleAlias is null)
        {
            return Decision.Error(404, IotProtocol.AliasMissingMessage, settings.AliasMissingErrorType);
        }

        var role = registry.Roles.Find(r => string.Equals(r.Arn, roleAlias.RoleArn, StringComparison.Ordinal));
        if (role is null || !role.TrustsCredentialsProvider)
        {
            return Decision.Error(400, IotProtocol.UnableToAssumeRoleMessage, settings.UnableToAssumeErrorType);
        }

        if (roleAlias.CredentialDurationSeconds > role.MaxSessionDurationSeconds)
        {
            return Decision.Error(400, IotProtocol.DurationTooLongMessage, settings.DurationErrorType);
        }

        return Decision.Success(new CredentialGrant(certificateId!, alias, role.Arn, roleAlias.CredentialDurationSeconds, request.ThingName));
    }

    /// <summary>The alias of <c>GET /role-aliases/{alias}/credentials</c>, or null for any other request.</summary>
    internal static string? AliasFromPath(string method, string path)
    {
        if (!string.Equals(method, "GET", StringComparison.Ordinal)
            || !path.StartsWith(PathPrefix, StringComparison.Ordinal)
            || !path.EndsWith(PathSuffix, StringComparison.Ordinal)
            || path.Length <= PathPrefix.Length + PathSuffix.Length)
        {
            return null;
        }

        var alias = path[PathPrefix.Length..^PathSuffix.Length];
        return alias.Contains('/', StringComparison.Ordinal) ? null : alias;
    }
}
