using System.Text;
using CertCreds.Errors;
using CertCreds.Providers.RolesAnywhere;

namespace CertCreds.Tests.Providers.RolesAnywhere;

public sealed class RolesAnywhereRequestTests
{
    private const string TrustAnchor = "arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    private const string Profile = "arn:aws:rolesanywhere:eu-west-1:123456789012:profile/11111111-2222-3333-4444-555555555555";
    private const string Role = "arn:aws:iam::123456789012:role/devices/device-role";

    private static UsageException Refused(Func<object> create)
    {
        var e = Assert.Throws<UsageException>(create);
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.False(string.IsNullOrWhiteSpace(e.Hint));
        Assert.DoesNotContain('\n', e.Message + e.Hint);
        return e;
    }

    [Fact]
    public void The_region_and_endpoint_come_from_the_trust_anchor_arn_when_no_region_is_given()
    {
        var request = new RolesAnywhereRequest(TrustAnchor, Profile, Role);

        Assert.Equal("eu-west-1", request.Region);
        Assert.Equal(new RolesAnywhereEndpoint("rolesanywhere.eu-west-1.amazonaws.com", 443), request.Endpoint);
        Assert.Equal(3600, request.DurationSeconds);
        Assert.Null(request.RoleSessionName);
        Assert.Equal(
            "https://rolesanywhere.eu-west-1.amazonaws.com/sessions?profileArn=arn%3Aaws%3Arolesanywhere%3Aeu-west-1%3A123456789012%3Aprofile%2F11111111-2222-3333-4444-555555555555&roleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdevices%2Fdevice-role&trustAnchorArn=arn%3Aaws%3Arolesanywhere%3Aeu-west-1%3A123456789012%3Atrust-anchor%2Faaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
            request.Uri.AbsoluteUri);
    }

    [Fact]
    public void The_body_carries_the_duration_and_the_session_name_only_when_given()
    {
        Assert.Equal("{\"durationSeconds\":3600}", Encoding.UTF8.GetString(new RolesAnywhereRequest(TrustAnchor, Profile, Role).Body()));
        Assert.Equal(
            "{\"durationSeconds\":900,\"roleSessionName\":\"build-42\"}",
            Encoding.UTF8.GetString(new RolesAnywhereRequest(TrustAnchor, Profile, Role, durationSeconds: 900, roleSessionName: "build-42").Body()));
    }

    [Theory]
    [InlineData("cn-north-1", false, "rolesanywhere.cn-north-1.amazonaws.com.cn")]
    [InlineData("us-east-1", true, "rolesanywhere-fips.us-east-1.amazonaws.com")]
    [InlineData("us-gov-west-1", true, "rolesanywhere-fips.us-gov-west-1.amazonaws.com")]
    [InlineData("us-iso-east-1", false, "rolesanywhere.us-iso-east-1.c2s.ic.gov")]
    [InlineData("eu-central-2", false, "rolesanywhere.eu-central-2.amazonaws.com")]
    public void Each_partition_and_fips_choose_their_host_while_the_signing_region_stays_plain(string region, bool fips, string host)
    {
        var partition = region.StartsWith("cn-", StringComparison.Ordinal) ? "aws-cn" : region.StartsWith("us-gov-", StringComparison.Ordinal) ? "aws-us-gov" : region.StartsWith("us-iso-", StringComparison.Ordinal) ? "aws-iso" : "aws";
        var request = new RolesAnywhereRequest(
            $"arn:{partition}:rolesanywhere:{region}:123456789012:trust-anchor/ta",
            $"arn:{partition}:rolesanywhere:{region}:123456789012:profile/p",
            $"arn:{partition}:iam::123456789012:role/r",
            useFipsEndpoint: fips);

        Assert.Equal(host, request.Endpoint.Host);
        Assert.Equal(region, request.Region);
    }

    [Theory]
    [InlineData("https://localhost:8443", "localhost", 8443, "localhost:8443")]
    [InlineData("https://vpce-1.rolesanywhere.eu-west-1.vpce.amazonaws.com/", "vpce-1.rolesanywhere.eu-west-1.vpce.amazonaws.com", 443, "vpce-1.rolesanywhere.eu-west-1.vpce.amazonaws.com")]
    [InlineData("127.0.0.1:9443", "127.0.0.1", 9443, "127.0.0.1:9443")]
    [InlineData("[::1]:9443", "::1", 9443, "[::1]:9443")]
    public void An_endpoint_override_is_accepted_with_or_without_https(string text, string host, int port, string authority)
    {
        var request = new RolesAnywhereRequest(TrustAnchor, Profile, Role, endpoint: text, useFipsEndpoint: true);

        Assert.Equal(new RolesAnywhereEndpoint(host, port), request.Endpoint);
        Assert.Equal(authority, request.Endpoint.Authority);
        Assert.Equal("eu-west-1", request.Region);
    }

    [Theory]
    [InlineData("http://localhost:8443", "HTTPS only")]
    [InlineData("https://host/sessions", "path")]
    [InlineData("host:99999", "invalid port")]
    [InlineData("https://user@host", "user name")]
    [InlineData("  ", "empty")]
    public void A_bad_endpoint_is_a_usage_error(string text, string words)
    {
        var e = Refused(() => new RolesAnywhereRequest(TrustAnchor, Profile, Role, endpoint: text));

        Assert.Contains(words, e.Message + " " + e.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_region_that_differs_from_the_arns_is_a_usage_error_naming_both()
    {
        var e = Refused(() => new RolesAnywhereRequest(TrustAnchor, Profile, Role, region: "us-east-1"));

        Assert.Contains("us-east-1", e.Message, StringComparison.Ordinal);
        Assert.Contains("eu-west-1", e.Message, StringComparison.Ordinal);
        Assert.Contains("--region eu-west-1", e.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_region_given_explicitly_is_accepted()
    {
        Assert.Equal("eu-west-1", new RolesAnywhereRequest(TrustAnchor, Profile, Role, region: "eu-west-1").Region);
    }

    [Fact]
    public void A_trust_anchor_and_profile_in_different_regions_are_a_usage_error()
    {
        var e = Refused(() => new RolesAnywhereRequest(TrustAnchor, Profile.Replace("eu-west-1", "us-east-1", StringComparison.Ordinal), Role));

        Assert.Contains("trust anchor is in eu-west-1 but the profile is in us-east-1", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Profile, "arn:aws:iam::210987654321:role/device-role")]
    [InlineData("arn:aws:rolesanywhere:eu-west-1:210987654321:profile/p", Role)]
    public void Arns_of_different_accounts_are_a_usage_error(string profile, string role)
    {
        var e = Refused(() => new RolesAnywhereRequest(TrustAnchor, profile, role));

        Assert.Contains("different accounts", e.Message, StringComparison.Ordinal);
        Assert.Contains("210987654321", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Arns_of_different_partitions_are_a_usage_error()
    {
        var e = Refused(() => new RolesAnywhereRequest(TrustAnchor, Profile, "arn:aws-cn:iam::123456789012:role/r"));

        Assert.Contains("partitions", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, Profile, Role, "no trust anchor ARN was given")]
    [InlineData(Profile, Profile, Role, "--trust-anchor-arn")]
    [InlineData(TrustAnchor, TrustAnchor, Role, "--profile-arn")]
    [InlineData(TrustAnchor, Profile, "arn:aws:iam::123456789012:user/someone", "--role-arn")]
    [InlineData(TrustAnchor, Profile, "arn:aws:iam:eu-west-1:123456789012:role/r", "--role-arn")]
    [InlineData("arn:aws:rolesanywhere:eu-west-1:12345:trust-anchor/x", Profile, Role, "--trust-anchor-arn")]
    [InlineData("arn:aws:rolesanywhere:EU-WEST-1:123456789012:trust-anchor/x", Profile, Role, "--trust-anchor-arn")]
    [InlineData(TrustAnchor, Profile, "arn:aws:iam::123456789012:role/a b", "--role-arn")]
    [InlineData(TrustAnchor, "arn:aws:rolesanywhere:eu-west-1:123456789012:profile/x&y=z", Role, "--profile-arn")]
    public void A_malformed_or_wrong_kind_of_arn_is_a_usage_error_naming_the_option(string? trustAnchor, string? profile, string? role, string words)
    {
        var e = Refused(() => new RolesAnywhereRequest(trustAnchor, profile, role));

        Assert.Contains(words, e.Message + " " + e.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Control_characters_in_a_bad_arn_are_shown_escaped()
    {
        var e = Refused(() => new RolesAnywhereRequest("arn:\u001b[2Jevil", Profile, Role));

        Assert.DoesNotContain('\u001b', e.Message);
        Assert.Contains("\\x1b", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(899)]
    [InlineData(43201)]
    [InlineData(0)]
    public void A_duration_outside_900_to_43200_is_a_usage_error(int seconds)
    {
        var e = Refused(() => new RolesAnywhereRequest(TrustAnchor, Profile, Role, durationSeconds: seconds));

        Assert.Contains("900", e.Hint, StringComparison.Ordinal);
        Assert.Contains("43200", e.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("900", 900)]
    [InlineData("43200", 43200)]
    [InlineData("3600", 3600)]
    public void Session_durations_parse_as_whole_seconds(string text, int seconds) => Assert.Equal(seconds, RolesAnywhereRequest.ParseDurationSeconds(text));

    [Theory]
    [InlineData("1h")]
    [InlineData("-900")]
    [InlineData("3600.5")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("100000")]
    public void Other_session_durations_are_usage_errors(string? text) => Refused(() => RolesAnywhereRequest.ParseDurationSeconds(text));

    [Theory]
    [InlineData("a")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    public void Invalid_role_session_names_are_usage_errors(string name) =>
        Refused(() => new RolesAnywhereRequest(TrustAnchor, Profile, Role, roleSessionName: name));

    [Fact]
    public void A_sixty_four_character_session_name_with_every_allowed_symbol_is_accepted()
    {
        var name = "ab_+=,.@-" + new string('x', 55);
        Assert.Equal(name, new RolesAnywhereRequest(TrustAnchor, Profile, Role, roleSessionName: name).RoleSessionName);
    }
}
