using System.Text;
using CertCreds.Errors;
using CertCreds.Protocol;
using CertCreds.Providers;
using CertCreds.Testing;

namespace CertCreds.Tests.Providers;

public sealed class ResponseInterpreterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly IotCredentialsRequest Request = new(IotEndpoint.Parse("abc.credentials.iot.eu-west-1.amazonaws.com"), "my-alias", "client1");

    private static AttemptOutcome Interpret(int status, string body, string? requestId = "rid-1") =>
        ResponseInterpreter.Interpret(status, requestId, null, Encoding.UTF8.GetBytes(body), Request, Now);

    [Fact]
    public void Aws_success_body_becomes_credentials_with_utc_expiration()
    {
        var outcome = Assert.IsType<AttemptOutcome.Success>(Interpret(200, ProviderBodies.Success(Now.AddHours(1))));
        Assert.Equal(ProviderBodies.AccessKeyId, outcome.Credentials.AccessKeyId);
        Assert.Equal(ProviderBodies.Secret, outcome.Credentials.SecretAccessKey);
        Assert.Equal(ProviderBodies.Token, outcome.Credentials.SessionToken);
        Assert.Equal(Now.AddHours(1), outcome.Credentials.Expiration);
        Assert.Equal(TimeSpan.Zero, outcome.Credentials.Expiration.Offset);
    }

    [Theory]
    [InlineData("2026-11-28T13:00:00Z", "2026-11-28T13:00:00Z")]
    [InlineData("2026-11-28T13:00:00.789Z", "2026-11-28T13:00:00.789Z")]
    [InlineData("2026-11-28T22:00:00+09:00", "2026-11-28T13:00:00Z")]
    [InlineData("2026-11-28T08:00:00-05:00", "2026-11-28T13:00:00Z")]
    public void Expirations_with_fractions_or_offsets_are_read_as_the_right_utc_instant(string wire, string expected)
    {
        var parsed = ResponseInterpreter.ParseExpiration(wire);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), parsed);
        Assert.Equal(TimeSpan.Zero, parsed.Offset);
    }

    [Theory]
    [InlineData("2026-11-28T13:00:00")]
    [InlineData("2026-11-28 13:00:00")]
    [InlineData("tomorrow")]
    [InlineData("1764334800")]
    [InlineData("")]
    public void Expirations_without_a_zone_or_not_iso_are_invalid_responses(string wire)
    {
        Assert.Throws<InvalidResponseException>(() => ResponseInterpreter.ParseExpiration(wire));
    }

    [Fact]
    public void Credentials_already_expired_on_arrival_blame_the_device_clock()
    {
        var e = Assert.Throws<InvalidResponseException>(() => Interpret(200, ProviderBodies.Success(Now.AddMinutes(-5))));
        Assert.Contains("clock", e.Hint, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidResponse, e.ExitCode);
    }

    public static TheoryData<string> MalformedBodies => new()
    {
        "",
        "not json",
        "{",
        "[]",
        "null",
        "{}",
        "{\"credentials\":null}",
        "{\"credentials\":{}}",
        "{\"credentials\":{\"accessKeyId\":\"A\",\"secretAccessKey\":\"B\",\"sessionToken\":\"C\"}}",
        "{\"credentials\":{\"accessKeyId\":\"\",\"secretAccessKey\":\"B\",\"sessionToken\":\"C\",\"expiration\":\"2030-01-01T00:00:00Z\"}}",
        "{\"credentials\":{\"accessKeyId\":\"A\",\"secretAccessKey\":null,\"sessionToken\":\"C\",\"expiration\":\"2030-01-01T00:00:00Z\"}}",
        "{\"credentials\":{\"accessKeyId\":\"A B\",\"secretAccessKey\":\"B\",\"sessionToken\":\"C\",\"expiration\":\"2030-01-01T00:00:00Z\"}}",
        "{\"credentials\":{\"accessKeyId\":\"A\",\"secretAccessKey\":\"B\\n[default]\",\"sessionToken\":\"C\",\"expiration\":\"2030-01-01T00:00:00Z\"}}",
        "{\"credentials\":{\"accessKeyId\":1,\"secretAccessKey\":\"B\",\"sessionToken\":\"C\",\"expiration\":\"2030-01-01T00:00:00Z\"}}",
        "{\"Credentials\":{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"B\",\"SessionToken\":\"C\",\"Expiration\":\"2030-01-01T00:00:00Z\"}}",
        "{\"credentials\":{\"accessKeyId\":\"A\",\"secretAccessKey\":\"B\",\"sessionToken\":\"C\",\"expiration\":\"2030-01-01T00:00:00\"}}",
        "{\"credentials\":{\"accessKeyId\":\"A\",\"secretAccessKey\":\"B\",\"sessionToken\":\"C\",\"expiration\":1893456000}}",
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public void Malformed_success_bodies_are_invalid_responses(string body)
    {
        var e = Assert.Throws<InvalidResponseException>(() => Interpret(200, body));
        Assert.Contains("rid-1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_body_holding_a_secret_never_echoes_it()
    {
        var body = "{\"credentials\":{\"accessKeyId\":\"A\",\"secretAccessKey\":\"" + ProviderBodies.Secret + "\",\"sessionToken\":" + "}";
        var e = Assert.Throws<InvalidResponseException>(() => Interpret(200, body));
        Assert.DoesNotContain(ProviderBodies.Secret, e.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(403, IotProtocol.CertificateInvalidMessage, "not registered and ACTIVE")]
    [InlineData(403, IotProtocol.InvalidThingMessage, "client1")]
    [InlineData(403, IotProtocol.AccessDeniedMessage, "iot:AssumeRoleWithCertificate")]
    [InlineData(404, IotProtocol.AliasMissingMessage, "my-alias")]
    [InlineData(400, IotProtocol.UnableToAssumeRoleMessage, "credentials.iot.amazonaws.com")]
    [InlineData(400, IotProtocol.DurationTooLongMessage, "MaxSessionDuration")]
    [InlineData(404, "Not Found", "iot:CredentialProvider")]
    public void Every_known_rejection_names_the_server_message_request_id_and_fix(int status, string message, string hintFragment)
    {
        var e = Assert.Throws<RejectedException>(() => Interpret(status, ProviderBodies.Error(message)));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
        Assert.Contains("rid-1", e.Message, StringComparison.Ordinal);
        Assert.Contains(hintFragment, e.Hint, StringComparison.Ordinal);
        Assert.Equal(status, e.Status);
        Assert.Equal(message, e.ServerMessage);
        Assert.Equal(ExitCodes.Rejected, e.ExitCode);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public void Throttling_and_server_faults_are_retryable(int status)
    {
        var outcome = Assert.IsType<AttemptOutcome.Retryable>(Interpret(status, "{\"message\":\"Rate exceeded\"}"));
        Assert.Equal(status, outcome.Status);
        Assert.Contains("Rate exceeded", outcome.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(301)]
    public void Client_errors_and_redirects_are_never_retried(int status)
    {
        Assert.Throws<RejectedException>(() => Interpret(status, "oops, html <b>error</b>"));
    }

    [Fact]
    public void A_hostile_error_message_cannot_break_the_one_line_error()
    {
        var hostile = "{\"message\":\"line1\\nline2\\r\\u001b[31m" + new string('x', 5000) + "\"}";
        var e = Assert.Throws<RejectedException>(() => Interpret(403, hostile));
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain('\r', e.Message);
        Assert.DoesNotContain('\u001b', e.Message);
        Assert.True(e.Message.Length < 600, $"message is {e.Message.Length} chars");
    }
}
