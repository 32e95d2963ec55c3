using System.Globalization;
using System.Text.Json;
using CertCreds.Errors;
using CertCreds.Protocol;

namespace CertCreds.Providers.RolesAnywhere;

/// <summary>
/// What to ask IAM Roles Anywhere for, validated on construction: the three ARNs agree on partition, region and
/// account; the region is <c>--region</c> or the trust anchor's; the endpoint is the region's (FIPS on request)
/// unless overridden; the duration and session name are in the service's bounds. Every failure is a
/// <see cref="UsageException"/> with a one-line fix.
/// </summary>
public sealed record RolesAnywhereRequest
{
    /// <param name="trustAnchorArn">--trust-anchor-arn.</param>
    /// <param name="profileArn">--profile-arn.</param>
    /// <param name="roleArn">--role-arn.</param>
    /// <param name="region">--region, or null for the trust anchor's region.</param>
    /// <param name="endpoint">--endpoint (<c>https://HOST[:PORT]</c> or <c>HOST[:PORT]</c>), or null for the region's.</param>
    /// <param name="useFipsEndpoint">--use-fips-endpoint: the FIPS host when no endpoint is given; the signing region is unchanged.</param>
    /// <param name="durationSeconds">--session-duration, 900–43200.</param>
    /// <param name="roleSessionName">--role-session-name, or null to let the service name the session.</param>
    public RolesAnywhereRequest(
        string? trustAnchorArn,
        string? profileArn,
        string? roleArn,
        string? region = null,
        string? endpoint = null,
        bool useFipsEndpoint = false,
        int durationSeconds = RolesAnywhereProtocol.DefaultDurationSeconds,
        string? roleSessionName = null)
    {
        TrustAnchorArn = RolesAnywhereArn.ParseTrustAnchor(trustAnchorArn);
        ProfileArn = RolesAnywhereArn.ParseProfile(profileArn);
        RoleArn = RolesAnywhereArn.ParseRole(roleArn);
        CheckAgreement(TrustAnchorArn, ProfileArn, RoleArn);

        if (!string.IsNullOrEmpty(region))
        {
            if (!RolesAnywhereArn.IsValidRegion(region))
            {
                throw new UsageException($"the region '{TerminalText.Escape(region)}' is not an AWS region name", "pass --region like eu-west-1, or leave it out to use the trust anchor's region");
            }

            if (region != TrustAnchorArn.Region)
            {
                throw new UsageException(
                    $"--region {region} differs from the region of the trust anchor and profile ({TrustAnchorArn.Region})",
                    $"trust anchors and profiles live in one region: pass --region {TrustAnchorArn.Region} or leave --region out");
            }
        }

        Region = TrustAnchorArn.Region;
        Endpoint = endpoint is null ? RolesAnywhereEndpoint.ForRegion(Region, useFipsEndpoint) : RolesAnywhereEndpoint.Parse(endpoint);

        if (durationSeconds is < RolesAnywhereProtocol.MinDurationSeconds or > RolesAnywhereProtocol.MaxDurationSeconds)
        {
            throw DurationOutOfRange(durationSeconds.ToString(CultureInfo.InvariantCulture));
        }

        if (roleSessionName is not null && !RolesAnywhereProtocol.IsValidRoleSessionName(roleSessionName))
        {
            throw new UsageException(
                $"the role session name '{TerminalText.Escape(roleSessionName)}' is not valid",
                "role session names are 2–64 letters, digits and _+=,.@-");
        }

        DurationSeconds = durationSeconds;
        RoleSessionName = roleSessionName;
    }

    public RolesAnywhereArn TrustAnchorArn { get; }

    public RolesAnywhereArn ProfileArn { get; }

    public RolesAnywhereArn RoleArn { get; }

    /// <summary>The region of the ARNs: the signing scope's region, also with FIPS or an endpoint override.</summary>
    public string Region { get; }

    public RolesAnywhereEndpoint Endpoint { get; }

    public int DurationSeconds { get; }

    /// <summary>Sent as <c>roleSessionName</c> only when not null.</summary>
    public string? RoleSessionName { get; }

    /// <summary>The query parameters, unencoded: <c>profileArn</c>, <c>roleArn</c>, <c>trustAnchorArn</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> QueryParameters =>
    [
        new(RolesAnywhereProtocol.ProfileArnParameter, ProfileArn.Text),
        new(RolesAnywhereProtocol.RoleArnParameter, RoleArn.Text),
        new(RolesAnywhereProtocol.TrustAnchorArnParameter, TrustAnchorArn.Text),
    ];

    /// <summary><c>https://AUTHORITY/sessions?…</c>, with the query in its canonical (signed) form.</summary>
    public Uri Uri => new($"https://{Endpoint.Authority}{RolesAnywhereProtocol.SessionsPath}?{SigV4X509Signer.CanonicalQuery(QueryParameters)}");

    /// <summary>The JSON body: <c>{"durationSeconds":N}</c> plus <c>roleSessionName</c> when given.</summary>
    public byte[] Body() =>
        JsonSerializer.SerializeToUtf8Bytes(new CreateSessionBody(DurationSeconds, RoleSessionName), RolesAnywhereJsonContext.Default.CreateSessionBody);

    /// <summary>Parses <c>--session-duration</c>: whole seconds from 900 to 43200.</summary>
    public static int ParseDurationSeconds(string? text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && seconds is >= RolesAnywhereProtocol.MinDurationSeconds and <= RolesAnywhereProtocol.MaxDurationSeconds)
        {
            return seconds;
        }

        throw DurationOutOfRange(TerminalText.Escape(text ?? string.Empty));
    }

    private static UsageException DurationOutOfRange(string shown) => new(
        $"the session duration '{shown}' is not a number of seconds from 900 to 43200",
        "pass --session-duration from 900 (15 minutes) to 43200 (12 hours), or leave it out for 3600; the profile and the role may allow less");

    private static void CheckAgreement(RolesAnywhereArn trustAnchor, RolesAnywhereArn profile, RolesAnywhereArn role)
    {
        if (trustAnchor.Partition != profile.Partition || trustAnchor.Partition != role.Partition)
        {
            throw new UsageException(
                $"the ARNs are in different partitions (trust anchor {trustAnchor.Partition}, profile {profile.Partition}, role {role.Partition})",
                "the trust anchor, profile and role must be in one partition: check the arn:PARTITION: prefix of each");
        }

        if (trustAnchor.Region != profile.Region)
        {
            throw new UsageException(
                $"the trust anchor is in {trustAnchor.Region} but the profile is in {profile.Region}",
                "pass a trust anchor and a profile from the same region (aws rolesanywhere list-profiles --region " + trustAnchor.Region + ")");
        }

        if (trustAnchor.Account != profile.Account || role.Account != profile.Account)
        {
            throw new UsageException(
                $"the ARNs name different accounts (trust anchor {trustAnchor.Account}, profile {profile.Account}, role {role.Account})",
                "the trust anchor, profile and role must belong to one account: check the account number in each ARN");
        }
    }
}
