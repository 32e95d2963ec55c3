using System.Text.RegularExpressions;
using CertCreds.Errors;

namespace CertCreds.Providers.RolesAnywhere;

/// <summary>
/// A parsed ARN of the three kinds CreateSession takes: a trust anchor and a profile
/// (<c>arn:PARTITION:rolesanywhere:REGION:ACCOUNT:trust-anchor/ID</c>, <c>…:profile/ID</c>) and an IAM role
/// (<c>arn:PARTITION:iam::ACCOUNT:role/PATH/NAME</c>). Parsing checks every character, so an ARN is safe in a
/// query string and in a message.
/// </summary>
public sealed partial record RolesAnywhereArn(string Text, string Partition, string Service, string Region, string Account, string ResourceType, string ResourceId)
{
    public const string TrustAnchorType = "trust-anchor";
    public const string ProfileType = "profile";
    public const string RoleType = "role";

    public static RolesAnywhereArn ParseTrustAnchor(string? text) =>
        Parse(text, TrustAnchorType, "--trust-anchor-arn", "arn:aws:rolesanywhere:REGION:ACCOUNT:trust-anchor/ID (aws rolesanywhere list-trust-anchors)");

    public static RolesAnywhereArn ParseProfile(string? text) =>
        Parse(text, ProfileType, "--profile-arn", "arn:aws:rolesanywhere:REGION:ACCOUNT:profile/ID (aws rolesanywhere list-profiles)");

    public static RolesAnywhereArn ParseRole(string? text) =>
        Parse(text, RoleType, "--role-arn", "arn:aws:iam::ACCOUNT:role/NAME (aws iam get-role --role-name NAME)");

    /// <summary>AWS region names: <c>us-east-1</c>, <c>cn-north-1</c>, <c>us-gov-west-1</c>, <c>us-iso-east-1</c>.</summary>
    public static bool IsValidRegion(string? region) => region is not null && RegionPattern().IsMatch(region);

    public override string ToString() => Text;

    private static RolesAnywhereArn Parse(string? text, string resourceType, string option, string shape)
    {
        var what = resourceType == RoleType ? "role" : resourceType.Replace('-', ' ');
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new UsageException($"no {what} ARN was given", $"pass {option} {shape}");
        }

        var value = text.Trim();
        var match = ArnPattern().Match(value);
        var expectedService = resourceType == RoleType ? "iam" : "rolesanywhere";
        if (!match.Success
            || match.Groups["service"].Value != expectedService
            || match.Groups["type"].Value != resourceType
            || (resourceType == RoleType) != (match.Groups["region"].Value.Length == 0)
            || (resourceType != RoleType && !IsValidRegion(match.Groups["region"].Value))
            || !IsValidResourceId(match.Groups["id"].Value, resourceType))
        {
            throw new UsageException($"{option} '{TerminalText.Escape(Shorten(value))}' is not a {what} ARN", $"pass {option} {shape}");
        }

        return new RolesAnywhereArn(
            value,
            match.Groups["partition"].Value,
            expectedService,
            match.Groups["region"].Value,
            match.Groups["account"].Value,
            resourceType,
            match.Groups["id"].Value);
    }

    private static bool IsValidResourceId(string id, string resourceType) => resourceType == RoleType
        // Role path and name: [\w+=,.@-] with '/' separating path parts; up to 512 characters of path plus a 64-character name.
        ? id.Length is > 0 and <= 576 && !id.EndsWith('/') && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or '=' or ',' or '.' or '@' or '-' or '/')
        // Trust anchor and profile ids are UUIDs; allow any id of letters, digits and hyphens.
        : id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";

    [GeneratedRegex(@"^arn:(?<partition>aws(-[a-z]+)*):(?<service>[a-z]+):(?<region>[a-z0-9-]*):(?<account>[0-9]{12}):(?<type>[a-z-]+)/(?<id>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ArnPattern();

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();
}
