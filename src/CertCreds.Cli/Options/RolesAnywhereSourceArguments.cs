using System.CommandLine;
using CertCreds.Errors;
using CertCreds.Providers.RolesAnywhere;
using CertCreds.Protocol;
using CertCreds.Sources;

namespace CertCreds.Cli.Options;

/// <summary>
/// The options that select IAM Roles Anywhere: the three ARNs, region, session duration and name, FIPS, and the
/// intermediates bundle. The names and meanings are aws_signing_helper's, so its command lines run unchanged.
/// </summary>
internal sealed class RolesAnywhereSourceArguments
{
    public Option<string> TrustAnchorArn { get; } = new("--trust-anchor-arn") { Description = "IAM Roles Anywhere trust anchor ARN (selects Roles Anywhere, with --profile-arn and --role-arn). Env: CERTCREDS_TRUST_ANCHOR_ARN", HelpName = "ARN" };

    public Option<string> ProfileArn { get; } = new("--profile-arn") { Description = "IAM Roles Anywhere profile ARN. Env: CERTCREDS_PROFILE_ARN", HelpName = "ARN" };

    public Option<string> RoleArn { get; } = new("--role-arn") { Description = "IAM role ARN to assume (one of the profile's roles). Env: CERTCREDS_ROLE_ARN", HelpName = "ARN" };

    public Option<string> Region { get; } = new("--region") { Description = "AWS region: for Roles Anywhere the trust anchor's (the default); for configure --discover-endpoint the region to ask. Env: CERTCREDS_REGION", HelpName = "REGION" };

    public Option<string> SessionDuration { get; } = new("--session-duration") { Description = "Roles Anywhere session lifetime in seconds, 900–43200 (default 3600; the profile and role may allow less). Env: CERTCREDS_SESSION_DURATION", HelpName = "SECONDS" };

    public Option<string> RoleSessionName { get; } = new("--role-session-name") { Description = "Roles Anywhere role session name (the profile must accept it). Env: CERTCREDS_ROLE_SESSION_NAME", HelpName = "NAME" };

    public Option<string> Intermediates { get; } = new("--intermediates") { Description = "PEM bundle of intermediate CA certificates sent with the certificate (Roles Anywhere's X-Amz-X509-Chain, the TLS chain for IoT). Env: CERTCREDS_INTERMEDIATES", HelpName = "PATH" };

    public Option<bool> UseFipsEndpoint { get; } = new("--use-fips-endpoint") { Description = "Use rolesanywhere-fips.REGION.amazonaws.com (for IoT pass --endpoint data.credentials.iot-fips.REGION.amazonaws.com instead). Env: CERTCREDS_USE_FIPS_ENDPOINT=1" };

    public IEnumerable<Option> All => [TrustAnchorArn, ProfileArn, RoleArn, Region, SessionDuration, RoleSessionName, Intermediates, UseFipsEndpoint];

    /// <summary>The options that only Roles Anywhere reads (with IoT they are a mistake); --intermediates serves both.</summary>
    public IEnumerable<Option> OnlyRolesAnywhere => [SessionDuration, RoleSessionName, UseFipsEndpoint];

    /// <summary>The three selecting options, with their variables.</summary>
    public IReadOnlyList<(Option<string> Option, string Variable)> Selectors =>
    [
        (TrustAnchorArn, "CERTCREDS_TRUST_ANCHOR_ARN"),
        (ProfileArn, "CERTCREDS_PROFILE_ARN"),
        (RoleArn, "CERTCREDS_ROLE_ARN"),
    ];

    /// <summary>The Roles Anywhere source from options and environment; every value checked here, before any I/O.</summary>
    /// <param name="result">The parsed command line.</param>
    /// <param name="environment">Reads one environment variable.</param>
    /// <param name="get">An option's value, else its variable's, else null.</param>
    /// <param name="endpoint">The shared --endpoint / CERTCREDS_ENDPOINT: here the override of the region's endpoint.</param>
    public RolesAnywhereSource Resolve(ParseResult result, Func<string, string?> environment, Func<Option<string>, string, string?> get, string? endpoint)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(get);
        var missing = Selectors.Where(s => get(s.Option, s.Variable) is null).Select(s => s.Option.Name).ToArray();
        if (missing.Length > 0)
        {
            throw new UsageException(
                $"IAM Roles Anywhere needs --trust-anchor-arn, --profile-arn and --role-arn, but {string.Join(" and ", missing)} {(missing.Length == 1 ? "is" : "are")} missing",
                $"add {string.Join(", ", missing.Select(m => m + " ARN"))} (or CERTCREDS_{string.Join("/CERTCREDS_", missing.Select(m => m[2..].Replace('-', '_').ToUpperInvariant()))}), or use --role-alias alone for the AWS IoT credentials provider");
        }

        var durationText = get(SessionDuration, "CERTCREDS_SESSION_DURATION");
        var duration = durationText is null ? RolesAnywhereProtocol.DefaultDurationSeconds : RolesAnywhereRequest.ParseDurationSeconds(durationText);
        var fips = result.GetValue(UseFipsEndpoint) || IsTrue(environment("CERTCREDS_USE_FIPS_ENDPOINT"));
        if (fips && endpoint is not null)
        {
            throw new UsageException("--use-fips-endpoint and --endpoint were both given", "pass one of them: --use-fips-endpoint picks rolesanywhere-fips.REGION.amazonaws.com, --endpoint names a host itself");
        }

        return new RolesAnywhereSource(new RolesAnywhereRequest(
            get(TrustAnchorArn, "CERTCREDS_TRUST_ANCHOR_ARN"),
            get(ProfileArn, "CERTCREDS_PROFILE_ARN"),
            get(RoleArn, "CERTCREDS_ROLE_ARN"),
            get(Region, "CERTCREDS_REGION"),
            endpoint,
            fips,
            duration,
            get(RoleSessionName, "CERTCREDS_ROLE_SESSION_NAME")));
    }

    public static bool IsTrue(string? value) => value is "1" or "true" or "TRUE" or "True" or "yes";
}
