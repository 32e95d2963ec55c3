using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using CertCreds.Emulator.Faults;
using CertCreds.Emulator.Hosting;
using CertCreds.Emulator.Registry;
using CertCreds.Emulator.RolesAnywhere;
using CertCreds.Testing.Emulator;
using CertCreds.Testing.RolesAnywhere;

namespace CertCreds.Tests.Emulator;

/// <summary>
/// The emulator's CreateSession listener against requests signed by the client's real SigV4X509Signer: what it accepts, and each way
/// a request is refused, with AWS's status, error type and message.
/// </summary>
public sealed class RolesAnywhereSessionTests(RolesAnywhereTestWorld world) : IClassFixture<RolesAnywhereTestWorld>
{
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task An_rsa_device_with_its_intermediate_gets_201_and_credentials()
    {
        await using var emulator = await StartAsync();

        var answer = await SendAsync(emulator, world.RsaDevice, world.Options(_clock.GetUtcNow()));

        Assert.Equal(201, answer.Status);
        Assert.Null(answer.ErrorType);
        using var json = JsonDocument.Parse(answer.Body);
        var set = json.RootElement.GetProperty("credentialSet")[0];
        var credentials = set.GetProperty("credentials");
        Assert.StartsWith("ASIA", credentials.GetProperty("accessKeyId").GetString(), StringComparison.Ordinal);
        Assert.Equal(40, credentials.GetProperty("secretAccessKey").GetString()!.Length);
        Assert.False(string.IsNullOrEmpty(credentials.GetProperty("sessionToken").GetString()));
        var expiration = DateTimeOffset.Parse(credentials.GetProperty("expiration").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiration.ToUnixTimeSeconds() - _clock.GetUtcNow().AddSeconds(3600).ToUnixTimeSeconds(), -1, 0);
        var serial = world.RsaDevice.SerialNumber.ToLowerInvariant();
        Assert.Equal($"arn:aws:sts::123456789012:assumed-role/roles-anywhere-role/{serial}", set.GetProperty("assumedRoleUser").GetProperty("arn").GetString());
        Assert.Equal(RolesAnywhereTestWorld.RoleArn, set.GetProperty("roleArn").GetString());
        Assert.StartsWith("arn:aws:rolesanywhere:us-east-1:123456789012:subject/", json.RootElement.GetProperty("subjectArn").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ec_device_with_its_intermediate_gets_201()
    {
        await using var emulator = await StartAsync();

        var answer = await SendAsync(emulator, world.EcDevice, world.Options(_clock.GetUtcNow()));

        Assert.Equal(201, answer.Status);
        Assert.Contains("\"accessKeyId\":\"ASIA", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_signature_is_refused_as_an_invalid_signature()
    {
        await using var emulator = await StartAsync();

        var answer = await SendAsync(emulator, world.RsaDevice, world.Options(_clock.GetUtcNow()) with { TamperSignature = true });

        AssertRefused(answer, 403, "AccessDeniedException", RolesAnywhereMessages.InvalidSignature);
    }

    [Fact]
    public async Task A_tampered_ec_signature_is_refused_as_an_invalid_signature()
    {
        await using var emulator = await StartAsync();

        var answer = await SendAsync(emulator, world.EcDevice, world.Options(_clock.GetUtcNow()) with { TamperSignature = true });

        AssertRefused(answer, 403, "AccessDeniedException", RolesAnywhereMessages.InvalidSignature);
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_refused_as_an_invalid_signature()
    {
        await using var emulator = await StartAsync();

        var answer = await SendAsync(emulator, world.RsaDevice, world.Options(_clock.GetUtcNow()) with
        {
            Body = "{\"durationSeconds\":900}"u8.ToArray(),
            SignedBody = "{\"durationSeconds\":3600}"u8.ToArray(),
        });

        AssertRefused(answer, 403, "AccessDeniedException", RolesAnywhereMessages.InvalidSignature);
    }

    [Fact]
    public async Task A_scope_naming_another_region_is_refused()
    {
        await using var emulator = await StartAsync();

        var answer = await SendAsync(emulator, world.RsaDevice, world.Options(_clock.GetUtcNow()) with { Region = "eu-west-1" });

        AssertRefused(answer, 403, "AccessDeniedException", RolesAnywhereMessages.WrongRegion);
    }

    [Fact]
    public async Task A_scope_naming_another_service_is_refused()
    {
        await using var emulator = await StartAsync();

        var answer = await SendAsync(emulator, world.RsaDevice, world.Options(_clock.GetUtcNow()) with { ScopeService = "sts" });

        AssertRefused(answer, 403, "AccessDeniedException", RolesAnywhereMessages.WrongService);
    }

    [Fact]
    public async Task A_request_signed_six_minutes_ago_is_refused_as_expired()
    {
        await using var emulator = await StartAsync();

        var answer = await SendAsync(emulator, world.RsaDevice, world.Options(_clock.GetUtcNow().AddMinutes(-6)));

        Assert.Equal(403, answer.Status);
        Assert.Equal("AccessDeniedException", answer.ErrorType);
        Assert.Contains("Signature expired", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_signed_six_minutes_ahead_is_refused_as_not_yet_current()
    {
        await using var emulator = await StartAsync();

        var answer = await SendAsync(emulator, world.RsaDevice, world.Options(_clock.GetUtcNow().AddMinutes(6)));

        Assert.Equal(403, answer.Status);
        Assert.Contains("Signature not yet current", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_signed_four_minutes_ago_is_still_accepted()
    {
        await using var emulator = await StartAsync();

        var answer = await SendAsync(emulator, world.RsaDevice, world.Options(_clock.GetUtcNow().AddMinutes(-4)));

        Assert.Equal(201, answer.Status);
    }

    [Fact]
    public async Task A_certificate_from_a_ca_no_anchor_holds_is_untrusted()
    {
        await using var emulator = await StartAsync();

        var answer = await SendAsync(emulator, world.Stranger, world.Options(_clock.GetUtcNow()) with { Intermediates = [] });

        AssertRefused(answer, 403, "AccessDeniedException", RolesAnywhereMessages.UntrustedCertificate);
    }

    [Fact]
    public async Task A_device_that_leaves_out_its_intermediate_is_untrusted()
    {
        await using var emulator = await StartAsync();

        var answer = await SendAsync(emulator, world.RsaDevice, world.Options(_clock.GetUtcNow()) with { Intermediates = [] });

        AssertRefused(answer, 403, "AccessDeniedException", RolesAnywhereMessages.UntrustedCertificate);
    }

    [Fact]
    public async Task A_trust_anchor_holding_the_intermediate_trusts_a_device_that_sends_no_chain()
    {
        var registry = world.Registry();
        registry.TrustAnchors[0].CertificateBundle = world.Intermediate.ExportCertificatePem();
        await using var emulator = await StartAsync(registry);

        var answer = await SendAsync(emulator, world.RsaDevice, world.Options(_clock.GetUtcNow()) with { Intermediates = [] });

        Assert.Equal(201, answer.Status);
    }

    [Fact]
    public async Task A_device_certificate_past_its_end_date_is_untrusted()
    {
        await using var emulator = await StartAsync();
        _clock.Advance(world.RsaDevice.NotAfter.ToUniversalTime() - _clock.GetUtcNow().UtcDateTime + TimeSpan.FromDays(1));

        var answer = await SendAsync(emulator, world.RsaDevice, world.Options(_clock.GetUtcNow()));

        AssertRefused(answer, 403, "AccessDeniedException", RolesAnywhereMessages.UntrustedCertificate);
    }

    [Fact]
    public async Task A_disabled_profile_is_refused()
    {
        var registry = world.Registry();
        registry.Profiles[0].Enabled = false;
        await using var emulator = await StartAsync(registry);

        var answer = await SendAsync(emulator, world.RsaDevice, world.Options(_clock.GetUtcNow()));

        AssertRefused(answer, 403, "AccessDeniedException", RolesAnywhereMessages.ProfileDisabled);
    }

    [Fact]
    public async Task A_disabled_trust_anchor_is_refused()
    {
        var registry = world.Registry();
        registry.TrustAnchors[0].Enabled = false;
        await using var emulator = await StartAsync(registry);

        var answer = await SendAsync(emulator, world.RsaDevice, world.Options(_clock.GetUtcNow()));

        AssertRefused(answer, 403, "AccessDeniedException", RolesAnywhereMessages.TrustAnchorDisabled);
    }

    [Fact]
    public async Task A_role_the_profile_does_not_list_is_refused()
    {
        await using var emulator = await StartAsync();

        var answer = await SendAsync(emulator, world.RsaDevice, world.Options(_clock.GetUtcNow()) with { RoleArn = RolesAnywhereTestWorld.OtherRoleArn });

        AssertRefused(answer, 403, "AccessDeniedException", RolesAnywhereMessages.RoleNotInProfile);
    }

    [Fact]
    public async Task A_role_whose_trust_policy_does_not_name_roles_anywhere_is_refused()
    {
        var registry = world.Registry();
        registry.Roles[0].TrustsRolesAnywhere = false;
        registry.Roles[0].TrustsCredentialsProvider = true;
        await using var emulator = await StartAsync(registry);

        var answer = await SendAsync(emulator, world.RsaDevice, world.Options(_clock.GetUtcNow()));

        AssertRefused(answer, 403, "AccessDeniedException", RolesAnywhereMessages.UnableToAssumeRole);
    }

    [Fact]
    public async Task A_duration_above_the_profile_cap_is_a_validation_error()
    {
        var registry = world.Registry();
        registry.Profiles[0].DurationSeconds = 1800;
        await using var emulator = await StartAsync(registry);

        var answer = await SendAsync(emulator, world.RsaDevice, world.Options(_clock.GetUtcNow()) with { DurationSeconds = 3600 });

        AssertRefused(answer, 400, "ValidationException", RolesAnywhereMessages.DurationOverProfile);
    }

    [Fact]
    public async Task A_duration_above_the_role_maximum_is_a_validation_error()
    {
        var registry = world.Registry();
        registry.Profiles[0].DurationSeconds = 43200;
        await using var emulator = await StartAsync(registry);

        var answer = await SendAsync(emulator, world.RsaDevice, world.Options(_clock.GetUtcNow()) with { DurationSeconds = 7200 });

        AssertRefused(answer, 400, "ValidationException", RolesAnywhereMessages.DurationOverRole);
    }

    [Theory]
    [InlineData(899)]
    [InlineData(43201)]
    public async Task A_duration_outside_900_to_43200_is_a_validation_error(int seconds)
    {
        await using var emulator = await StartAsync();

        var answer = await SendAsync(emulator, world.RsaDevice, world.Options(_clock.GetUtcNow()) with { DurationSeconds = seconds });

        Assert.Equal(400, answer.Status);
        Assert.Equal("ValidationException", answer.ErrorType);
        Assert.Contains($"'{seconds}' at 'durationSeconds'", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shorter_duration_than_the_cap_sets_the_expiration()
    {
        await using var emulator = await StartAsync();

        var answer = await SendAsync(emulator, world.RsaDevice, world.Options(_clock.GetUtcNow()) with { DurationSeconds = 900 });

        Assert.Equal(201, answer.Status);
        using var json = JsonDocument.Parse(answer.Body);
        var expiration = DateTimeOffset.Parse(json.RootElement.GetProperty("credentialSet")[0].GetProperty("credentials").GetProperty("expiration").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiration.ToUnixTimeSeconds() - _clock.GetUtcNow().AddSeconds(900).ToUnixTimeSeconds(), -1, 0);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_validation_error()
    {
        await using var emulator = await StartAsync();

        var answer = await SendAsync(emulator, world.RsaDevice, world.Options(_clock.GetUtcNow()) with { Body = "not json"u8.ToArray() });

        AssertRefused(answer, 400, "ValidationException", RolesAnywhereMessages.MalformedBody);
    }

    [Fact]
    public async Task An_unknown_profile_is_not_found()
    {
        await using var emulator = await StartAsync();

        var answer = await SendAsync(emulator, world.RsaDevice, world.Options(_clock.GetUtcNow()) with { ProfileArn = "arn:aws:rolesanywhere:us-east-1:123456789012:profile/00000000-0000-0000-0000-000000000000" });

        AssertRefused(answer, 404, "ResourceNotFoundException", RolesAnywhereMessages.ProfileNotFound);
    }

    [Fact]
    public async Task An_unknown_trust_anchor_is_not_found()
    {
        await using var emulator = await StartAsync();

        var answer = await SendAsync(emulator, world.RsaDevice, world.Options(_clock.GetUtcNow()) with { TrustAnchorArn = "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/00000000-0000-0000-0000-000000000000" });

        AssertRefused(answer, 404, "ResourceNotFoundException", RolesAnywhereMessages.TrustAnchorNotFound);
    }

    [Fact]
    public async Task A_role_session_name_needs_a_profile_that_accepts_one()
    {
        var registry = world.Registry();
        await using (var refusing = await StartAsync(registry))
        {
            var refused = await SendAsync(refusing, world.RsaDevice, world.Options(_clock.GetUtcNow()) with { RoleSessionName = "build-agent-7" });
            AssertRefused(refused, 403, "AccessDeniedException", RolesAnywhereMessages.RoleSessionNameNotAllowed);
        }

        registry.Profiles[0].AcceptRoleSessionName = true;
        await using var accepting = await StartAsync(registry);
        var answer = await SendAsync(accepting, world.RsaDevice, world.Options(_clock.GetUtcNow()) with { RoleSessionName = "build-agent-7" });

        Assert.Equal(201, answer.Status);
        Assert.Contains("assumed-role/roles-anywhere-role/build-agent-7", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_other_route_is_not_found()
    {
        await using var emulator = await StartAsync();
        using var client = EmulatorClients.Create(emulator.RootCertificate, null);

        using var response = await client.GetAsync(new Uri($"https://localhost:{emulator.RolesAnywherePort}/role-aliases/x/credentials"));

        Assert.Equal(404, (int)response.StatusCode);
    }

    [Fact]
    public async Task A_throttle_fault_answers_429_on_the_roles_anywhere_listener_only()
    {
        await using var emulator = await StartAsync();
        emulator.RolesAnywhereFaults.Enqueue(FaultSpec.Throttle("1"));

        var throttled = await SendAsync(emulator, world.RsaDevice, world.Options(_clock.GetUtcNow()));
        var next = await SendAsync(emulator, world.RsaDevice, world.Options(_clock.GetUtcNow()));

        AssertRefused(throttled, 429, "ThrottlingException", "Rate exceeded");
        Assert.Equal(201, next.Status);
        Assert.Equal(0, emulator.Faults.Count);
        Assert.Equal("Throttle", emulator.Sessions[0].Fault);
    }

    [Fact]
    public async Task Each_decision_is_journaled_with_the_serial_and_arns_and_never_a_secret()
    {
        await using var emulator = await StartAsync();

        var granted = await SendAsync(emulator, world.RsaDevice, world.Options(_clock.GetUtcNow()));
        var refused = await SendAsync(emulator, world.RsaDevice, world.Options(_clock.GetUtcNow()) with { TamperSignature = true });

        Assert.Equal(201, granted.Status);
        Assert.Equal(403, refused.Status);
        var sessions = emulator.Sessions;
        Assert.Equal(2, sessions.Count);
        Assert.Equal(world.RsaDevice.SerialNumber.ToLowerInvariant(), sessions[0].SerialNumber);
        Assert.Equal(RolesAnywhereTestWorld.ProfileArn, sessions[0].ProfileArn);
        Assert.Equal(RolesAnywhereTestWorld.TrustAnchorArn, sessions[0].TrustAnchorArn);
        Assert.Equal(201, sessions[0].Status);
        Assert.Equal(RolesAnywhereMessages.InvalidSignature, sessions[1].Message);
        var issued = Assert.Single(emulator.Issued);
        Assert.Equal(RolesAnywhereTestWorld.ProfileArn, issued.ProfileArn);
        using var json = JsonDocument.Parse(granted.Body);
        var credentials = json.RootElement.GetProperty("credentialSet")[0].GetProperty("credentials");
        Assert.Equal(credentials.GetProperty("accessKeyId").GetString(), issued.AccessKeyId);
        var logged = string.Join('\n', sessions.Select(s => s.ToString())) + issued;
        Assert.DoesNotContain(credentials.GetProperty("secretAccessKey").GetString()!, logged, StringComparison.Ordinal);
        Assert.DoesNotContain(credentials.GetProperty("sessionToken").GetString()!, logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_iot_listener_still_answers_beside_the_roles_anywhere_one()
    {
        await using var emulator = await StartAsync();

        var answer = await RawHttps.SendAsync(emulator.Port, "localhost", null, emulator.RootCertificate, RawHttps.Request("/role-aliases/x/credentials", emulator.Endpoint));

        Assert.NotEqual(emulator.Port, emulator.RolesAnywherePort);
        Assert.Equal(403, answer.Status);
        Assert.Empty(emulator.Sessions);
    }

    private async Task<EmulatorServer> StartAsync(RegistryDocument? registry = null) =>
        await EmulatorServer.StartAsync(new EmulatorServerOptions { Registry = registry ?? world.Registry(), TimeProvider = _clock });

    private static async Task<SessionAnswer> SendAsync(EmulatorServer emulator, X509Certificate2 leaf, SessionSigningOptions options)
    {
        using var client = EmulatorClients.Create(emulator.RootCertificate, null);
        using var request = SignedSessionRequest.Create(new Uri($"https://localhost:{emulator.RolesAnywherePort}"), leaf, options);
        using var response = await client.SendAsync(request);
        var errorType = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.Single() : null;
        return new SessionAnswer((int)response.StatusCode, errorType, Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));
    }

    private static void AssertRefused(SessionAnswer answer, int status, string errorType, string message)
    {
        Assert.Equal(status, answer.Status);
        Assert.Equal(errorType, answer.ErrorType);
        using var json = JsonDocument.Parse(answer.Body);
        Assert.Equal(message, json.RootElement.GetProperty("message").GetString());
        Assert.DoesNotContain("credentialSet", answer.Body, StringComparison.Ordinal);
    }
}
