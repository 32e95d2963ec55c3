using System.Security.Cryptography;
using CertCreds.Emulator.Decisions;
using CertCreds.Emulator.Registry;
using CertCreds.Protocol;
using CertCreds.Testing.Emulator;

namespace CertCreds.Tests.Emulator;

public sealed class DecisionEngineTests
{
    private static readonly byte[] Der = RandomNumberGenerator.GetBytes(300);
    private static readonly string CertificateId = Convert.ToHexStringLower(SHA256.HashData(Der));
    private const string CredentialsPath = "/role-aliases/" + TestWorld.Alias + "/credentials";

    private static ProviderRequest Request(
        byte[]? der = null, string? sni = "localhost", string? host = "localhost:8443", string method = "GET", string path = CredentialsPath, string? thing = TestWorld.Thing) =>
        new(der ?? Der, sni, host, method, path, thing);

    private static RegistryDocument World(Action<RegistryDocument>? change = null)
    {
        var document = TestWorld.For(CertificateId);
        change?.Invoke(document);
        return document;
    }

    [Fact]
    public void Registered_certificate_with_everything_in_place_is_granted_the_alias_role_and_duration()
    {
        var decision = DecisionEngine.Decide(Request(), World());

        Assert.Equal(200, decision.Status);
        Assert.Equal(new CredentialGrant(CertificateId, TestWorld.Alias, TestWorld.RoleArn, 3600, TestWorld.Thing), decision.Grant);
    }

    [Fact]
    public void Thing_header_is_optional()
    {
        Assert.True(DecisionEngine.Decide(Request(thing: null), World()).IsSuccess);
    }

    [Fact]
    public void Unknown_certificate_gets_403_certificate_invalid()
    {
        var decision = DecisionEngine.Decide(Request(der: RandomNumberGenerator.GetBytes(300)), World());

        AssertError(decision, 403, IotProtocol.CertificateInvalidMessage, "AccessDeniedException");
    }

    [Fact]
    public void No_client_certificate_gets_403_certificate_invalid()
    {
        var decision = DecisionEngine.Decide(Request() with { ClientCertificateDer = null }, World());

        AssertError(decision, 403, IotProtocol.CertificateInvalidMessage, "AccessDeniedException");
    }

    [Theory]
    [InlineData(CertificateStatus.Inactive)]
    [InlineData(CertificateStatus.Revoked)]
    public void Inactive_or_revoked_certificate_gets_403_certificate_invalid(CertificateStatus status)
    {
        var decision = DecisionEngine.Decide(Request(), World(d => d.Certificates[0].Status = status));

        AssertError(decision, 403, IotProtocol.CertificateInvalidMessage, "AccessDeniedException");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("example.com")]
    [InlineData("127.0.0.1")]
    public void Missing_or_wrong_sni_gets_403_certificate_invalid(string? sni)
    {
        AssertError(DecisionEngine.Decide(Request(sni: sni), World()), 403, IotProtocol.CertificateInvalidMessage, "AccessDeniedException");
    }

    [Fact]
    public void Sni_is_compared_without_case()
    {
        Assert.True(DecisionEngine.Decide(Request(sni: "LocalHost"), World()).IsSuccess);
    }

    [Fact]
    public void Sni_must_match_the_configured_host_name()
    {
        var world = World(d => d.Settings.HostName = "abc123.credentials.iot.us-east-1.amazonaws.com");

        Assert.False(DecisionEngine.Decide(Request(sni: "localhost"), world).IsSuccess);
        Assert.True(DecisionEngine.Decide(Request(sni: "abc123.credentials.iot.us-east-1.amazonaws.com"), world).IsSuccess);
    }

    [Fact]
    public void Thing_that_does_not_exist_gets_403_invalid_thing_name()
    {
        AssertError(DecisionEngine.Decide(Request(thing: "nope"), World()), 403, IotProtocol.InvalidThingMessage, "AccessDeniedException");
    }

    [Fact]
    public void Thing_not_attached_to_the_certificate_gets_403_invalid_thing_name()
    {
        var world = World(d => d.Things.Add(new ThingEntry { Name = "other" }));

        AssertError(DecisionEngine.Decide(Request(thing: "other"), world), 403, IotProtocol.InvalidThingMessage, "AccessDeniedException");
    }

    [Fact]
    public void Empty_thing_header_gets_403_invalid_thing_name()
    {
        AssertError(DecisionEngine.Decide(Request(thing: ""), World()), 403, IotProtocol.InvalidThingMessage, "AccessDeniedException");
    }

    [Fact]
    public void Certificate_without_a_policy_gets_403_access_denied()
    {
        AssertError(DecisionEngine.Decide(Request(), World(d => d.Policies.Clear())), 403, IotProtocol.AccessDeniedMessage, "AccessDeniedException");
    }

    [Fact]
    public void Policy_attached_to_another_certificate_gets_403_access_denied()
    {
        var world = World(d => d.Policies[0].Certificates[0] = new string('0', 64));

        AssertError(DecisionEngine.Decide(Request(), world), 403, IotProtocol.AccessDeniedMessage, "AccessDeniedException");
    }

    [Fact]
    public void Policy_for_another_alias_gets_403_access_denied()
    {
        var world = World(d => d.RoleAliases.Add(new RoleAliasEntry { Name = "other", RoleArn = TestWorld.RoleArn }));

        AssertError(DecisionEngine.Decide(Request(path: "/role-aliases/other/credentials"), world), 403, IotProtocol.AccessDeniedMessage, "AccessDeniedException");
    }

    [Fact]
    public void Policy_for_another_region_gets_403_access_denied()
    {
        AssertError(DecisionEngine.Decide(Request(), World(d => d.Settings.Region = "eu-west-1")), 403, IotProtocol.AccessDeniedMessage, "AccessDeniedException");
    }

    [Theory]
    [InlineData("arn:aws:iot:us-east-1:123456789012:rolealias/*")]
    [InlineData("arn:aws:iot:*:123456789012:rolealias/alias-for-*")]
    [InlineData("arn:aws:iot:us-east-1:123456789012:rolealias/alias-for-roles-anywher?")]
    [InlineData("*")]
    public void Wildcard_policy_allows_the_alias(string pattern)
    {
        var world = World(d =>
        {
            d.Policies[0].AllowedRoleAliasArns.Clear();
            d.Policies[0].AllowedRoleAliasArns.Add(pattern);
        });

        Assert.True(DecisionEngine.Decide(Request(), world).IsSuccess);
    }

    [Theory]
    [InlineData("arn:aws:iot:us-east-1:123456789012:rolealias/alias-for-roles-anywhere?")]
    [InlineData("arn:aws:iot:us-east-1:123456789012:rolealias/ALIAS-*")]
    [InlineData("arn:aws:iot:us-east-1:999999999999:rolealias/*")]
    public void Wildcard_policy_that_does_not_match_denies(string pattern)
    {
        var world = World(d =>
        {
            d.Policies[0].AllowedRoleAliasArns.Clear();
            d.Policies[0].AllowedRoleAliasArns.Add(pattern);
        });

        AssertError(DecisionEngine.Decide(Request(), world), 403, IotProtocol.AccessDeniedMessage, "AccessDeniedException");
    }

    [Fact]
    public void Missing_alias_allowed_by_a_wildcard_policy_gets_404_role_alias_does_not_exist()
    {
        var world = World(d => d.Policies[0].AllowedRoleAliasArns.Add("arn:aws:iot:us-east-1:123456789012:rolealias/*"));

        AssertError(DecisionEngine.Decide(Request(path: "/role-aliases/typo/credentials"), world), 404, IotProtocol.AliasMissingMessage, "ResourceNotFoundException");
    }

    [Fact]
    public void Missing_alias_without_a_policy_for_it_gets_403_access_denied_first()
    {
        AssertError(DecisionEngine.Decide(Request(path: "/role-aliases/typo/credentials"), World()), 403, IotProtocol.AccessDeniedMessage, "AccessDeniedException");
    }

    [Fact]
    public void Alias_names_are_case_sensitive()
    {
        var world = World(d => d.Policies[0].AllowedRoleAliasArns.Add("*"));

        AssertError(DecisionEngine.Decide(Request(path: "/role-aliases/Alias-For-Roles-Anywhere/credentials"), world), 404, IotProtocol.AliasMissingMessage, "ResourceNotFoundException");
    }

    [Fact]
    public void Missing_role_gets_400_unable_to_assume()
    {
        AssertError(DecisionEngine.Decide(Request(), World(d => d.Roles.Clear())), 400, IotProtocol.UnableToAssumeRoleMessage, "InvalidRequestException");
    }

    [Fact]
    public void Role_that_does_not_trust_the_credentials_provider_gets_400_unable_to_assume()
    {
        AssertError(DecisionEngine.Decide(Request(), World(d => d.Roles[0].TrustsCredentialsProvider = false)), 400, IotProtocol.UnableToAssumeRoleMessage, "InvalidRequestException");
    }

    [Fact]
    public void Alias_duration_above_the_role_maximum_gets_400_duration_exceeds()
    {
        var world = World(d => d.RoleAliases[0].CredentialDurationSeconds = 7200);

        AssertError(DecisionEngine.Decide(Request(), world), 400, IotProtocol.DurationTooLongMessage, "InvalidRequestException");
    }

    [Fact]
    public void Alias_duration_equal_to_the_role_maximum_is_granted()
    {
        var world = World(d =>
        {
            d.RoleAliases[0].CredentialDurationSeconds = 43200;
            d.Roles[0].MaxSessionDurationSeconds = 43200;
        });

        Assert.Equal(43200, DecisionEngine.Decide(Request(), world).Grant!.DurationSeconds);
    }

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("GET", "/role-aliases/alias-for-roles-anywhere")]
    [InlineData("GET", "/role-aliases//credentials")]
    [InlineData("GET", "/role-aliases/a/b/credentials")]
    [InlineData("POST", CredentialsPath)]
    [InlineData("GET", "/things/client1/shadow")]
    public void Any_other_request_gets_the_data_endpoint_not_found(string method, string path)
    {
        var decision = DecisionEngine.Decide(Request(method: method, path: path), World());

        Assert.Equal(404, decision.Status);
        Assert.Equal("Not Found", decision.Message);
        Assert.True(decision.IsDataEndpointNotFound);
    }

    [Fact]
    public void Missing_host_gets_500_by_default()
    {
        var decision = DecisionEngine.Decide(Request(host: null), World());

        Assert.Equal(500, decision.Status);
        Assert.False(decision.IsSuccess);
    }

    [Fact]
    public void Checks_run_in_the_order_certificate_thing_policy_alias_role_duration()
    {
        // Every check would fail; removing the first failure each time reveals the next one.
        var broken = World(d =>
        {
            d.Certificates[0].Status = CertificateStatus.Inactive;
            d.Things[0].Certificates.Clear();
            d.Policies[0].AllowedRoleAliasArns.Clear();
            d.Policies[0].AllowedRoleAliasArns.Add("arn:aws:iot:us-east-1:123456789012:rolealias/nothing-here");
            d.RoleAliases[0].Name = "renamed";
            d.RoleAliases.Add(new RoleAliasEntry { Name = "nothing-here", RoleArn = "arn:aws:iam::123456789012:role/missing", CredentialDurationSeconds = 7200 });
            d.Roles[0].MaxSessionDurationSeconds = 3600;
        });
        var path = "/role-aliases/nothing-here/credentials";

        Assert.Equal(IotProtocol.CertificateInvalidMessage, DecisionEngine.Decide(Request(path: path), broken).Message);
        broken.Certificates[0].Status = CertificateStatus.Active;
        Assert.Equal(IotProtocol.InvalidThingMessage, DecisionEngine.Decide(Request(path: path), broken).Message);
        broken.Things[0].Certificates.Add(CertificateId);
        Assert.Equal(IotProtocol.AccessDeniedMessage, DecisionEngine.Decide(Request(path: "/role-aliases/absent/credentials"), broken).Message);
        broken.Policies[0].AllowedRoleAliasArns.Add("*");
        Assert.Equal(IotProtocol.AliasMissingMessage, DecisionEngine.Decide(Request(path: "/role-aliases/absent/credentials"), broken).Message);
        Assert.Equal(IotProtocol.UnableToAssumeRoleMessage, DecisionEngine.Decide(Request(path: path), broken).Message);
        broken.RoleAliases[1].RoleArn = TestWorld.RoleArn;
        Assert.Equal(IotProtocol.DurationTooLongMessage, DecisionEngine.Decide(Request(path: path), broken).Message);
        broken.RoleAliases[1].CredentialDurationSeconds = 900;
        Assert.True(DecisionEngine.Decide(Request(path: path), broken).IsSuccess);
    }

    [Fact]
    public void Guessed_error_types_come_from_settings()
    {
        var world = World(d =>
        {
            d.Roles.Clear();
            d.Settings.UnableToAssumeErrorType = "MalformedPolicyDocumentException";
        });

        Assert.Equal("MalformedPolicyDocumentException", DecisionEngine.Decide(Request(), world).ErrorType);
    }

    private static void AssertError(Decision decision, int status, string message, string? errorType)
    {
        Assert.Equal(status, decision.Status);
        Assert.Equal(message, decision.Message);
        Assert.Equal(errorType, decision.ErrorType);
        Assert.Null(decision.Grant);
    }
}
