using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CertCreds.Emulator.Credentials;
using CertCreds.Emulator.Decisions;
using CertCreds.Emulator.Faults;
using CertCreds.Emulator.Registry;
using CertCreds.Protocol;

namespace CertCreds.Tests.Emulator;

public sealed partial class ResponseRendererTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 22, 45, 3, TimeSpan.Zero);
    private static readonly CredentialGrant Grant = new(new string('a', 64), "alias", "arn:aws:iam::123456789012:role/r", 3600, null);
    private static readonly EmulatorSettings Settings = new();
    private const string RequestId = "0f2c3b6e-8a45-4a57-9d43-1f9e8d7c6b5a";

    private static ProviderResponse Success(FaultSpec? fault = null)
    {
        var credentials = LocalCredentialMinter.Mint(Now.AddSeconds(Grant.DurationSeconds));
        return ResponseRenderer.Render(Decision.Success(Grant), credentials, Settings, RequestId, "trace", Now, fault);
    }

    private static JsonElement Credentials(ProviderResponse response) => JsonDocument.Parse(response.Body).RootElement.GetProperty("credentials");

    [Fact]
    public void Success_body_has_exactly_the_provider_shape()
    {
        var response = Success();
        var text = Encoding.UTF8.GetString(response.Body);

        Assert.Equal(200, response.Status);
        Assert.Matches(SuccessShape(), text);
        Assert.Contains("\"expiration\":\"2026-11-28T23:45:03Z\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Success_body_parses_with_the_client_wire_types()
    {
        var parsed = JsonSerializer.Deserialize(Success().Body, ProtocolJsonContext.Default.ProviderSuccess)!;

        Assert.StartsWith("ASIA", parsed.Credentials!.AccessKeyId, StringComparison.Ordinal);
        Assert.Equal("2026-11-28T23:45:03Z", parsed.Credentials.Expiration);
    }

    [Fact]
    public void Success_body_is_about_one_point_one_kilobytes()
    {
        Assert.InRange(Success().Body.Length, 1000, 1250);
    }

    [Fact]
    public void Minted_credentials_look_like_sts_credentials()
    {
        var credentials = LocalCredentialMinter.Mint(Now);

        Assert.Matches("^ASIA[A-Z2-7]{16}$", credentials.AccessKeyId);
        Assert.Equal(40, credentials.SecretAccessKey.Length);
        Assert.True(credentials.SessionToken.Length > 800);
        Assert.DoesNotContain(credentials.SecretAccessKey, credentials.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_answer_carries_a_request_id_a_date_and_a_content_type()
    {
        var response = Success();

        Assert.Equal(RequestId, response.Header(IotProtocol.RequestIdHeader));
        Assert.Equal("Sat, 28 Nov 2026 22:45:03 GMT", response.Header("Date"));
        Assert.Equal("application/json", response.Header("Content-Type"));
        Assert.Null(response.Header(IotProtocol.ErrorTypeHeader));
    }

    [Fact]
    public void Error_answer_is_a_message_object_with_an_error_type()
    {
        var response = ResponseRenderer.Render(Decision.Error(403, IotProtocol.CertificateInvalidMessage, "AccessDeniedException"), null, Settings, RequestId, "trace", Now);

        Assert.Equal(403, response.Status);
        Assert.Equal("{\"message\":\"Certificate is invalid on this endpoint\"}", Encoding.UTF8.GetString(response.Body));
        Assert.Equal("AccessDeniedException", response.Header(IotProtocol.ErrorTypeHeader));
        Assert.NotNull(response.Header(IotProtocol.RequestIdHeader));
    }

    [Fact]
    public void Not_found_answer_carries_a_trace_id_like_the_data_endpoint()
    {
        var decision = new Decision(404, "Not Found", null, null, IsDataEndpointNotFound: true);

        var response = ResponseRenderer.Render(decision, null, Settings, RequestId, "6c3ec3a4-5b1e-4b8c-9c52-0d1f6f0f8e21", Now);

        Assert.Equal("{\"message\":\"Not Found\",\"traceId\":\"6c3ec3a4-5b1e-4b8c-9c52-0d1f6f0f8e21\"}", Encoding.UTF8.GetString(response.Body));
    }

    [Fact]
    public void Capitalised_keys_fault_renames_the_credential_keys()
    {
        var credentials = Credentials(Success(FaultSpec.Of(FaultKind.CapitalisedKeys)));

        Assert.True(credentials.TryGetProperty("AccessKeyId", out _));
        Assert.True(credentials.TryGetProperty("Expiration", out _));
        Assert.False(credentials.TryGetProperty("accessKeyId", out _));
    }

    [Fact]
    public void Fractional_offset_and_past_expiration_faults_change_only_the_expiration_text()
    {
        Assert.Equal("2026-11-28T23:45:03.000Z", Credentials(Success(FaultSpec.Of(FaultKind.FractionalExpiration))).GetProperty("expiration").GetString());
        Assert.Equal("2026-11-29T08:45:03+09:00", Credentials(Success(FaultSpec.Of(FaultKind.OffsetExpiration))).GetProperty("expiration").GetString());
        Assert.Equal("2026-11-28T21:45:03Z", Credentials(Success(FaultSpec.Of(FaultKind.PastExpiration))).GetProperty("expiration").GetString());
    }

    [Fact]
    public void Oversized_fault_pads_to_the_requested_size_with_valid_json()
    {
        var response = Success(new FaultSpec { Kind = FaultKind.OversizedBody, SizeBytes = 50_000 });

        Assert.Equal(50_000, response.Body.Length);
        Assert.StartsWith("ASIA", Credentials(response).GetProperty("accessKeyId").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_fault_truncates_the_json()
    {
        var response = Success(FaultSpec.Of(FaultKind.MalformedJson));

        Assert.Equal(200, response.Status);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(response.Body));
    }

    [Fact]
    public void Date_faults_skew_or_remove_the_date()
    {
        Assert.Equal("Sat, 28 Nov 2026 22:50:03 GMT", Success(new FaultSpec { Kind = FaultKind.SkewedDate, SkewSeconds = 300 }).Header("Date"));
        Assert.Null(Success(FaultSpec.Of(FaultKind.MissingDate)).Header("Date"));
    }

    [Fact]
    public void Throttle_fault_sends_retry_after_only_when_given()
    {
        var with = ResponseRenderer.RenderScripted(FaultSpec.Throttle("7"), Settings, RequestId, Now);
        var without = ResponseRenderer.RenderScripted(FaultSpec.Throttle(), Settings, RequestId, Now);

        Assert.Equal(429, with.Status);
        Assert.Equal("7", with.Header("Retry-After"));
        Assert.Null(without.Header("Retry-After"));
        Assert.Equal("ThrottlingException", without.Header(IotProtocol.ErrorTypeHeader));
    }

    [Fact]
    public void Status_fault_answers_the_scripted_status_and_message()
    {
        var response = ResponseRenderer.RenderScripted(FaultSpec.WithStatus(502, "upstream"), Settings, RequestId, Now);

        Assert.Equal(502, response.Status);
        Assert.Equal("{\"message\":\"upstream\"}", Encoding.UTF8.GetString(response.Body));
    }

    [Fact]
    public void Response_to_string_does_not_reveal_the_body()
    {
        var response = Success();
        var secret = Credentials(response).GetProperty("secretAccessKey").GetString()!;

        Assert.DoesNotContain(secret, response.ToString(), StringComparison.Ordinal);
    }

    [GeneratedRegex("""^\{"credentials":\{"accessKeyId":"ASIA[A-Z2-7]{16}","secretAccessKey":"[A-Za-z0-9+/]{40}","sessionToken":"[A-Za-z0-9+/=]+","expiration":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"\}\}$""")]
    private static partial Regex SuccessShape();
}
