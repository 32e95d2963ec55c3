using System.Text.Json;
using CertCreds.Errors;
using CertCreds.Provisioning.Aws;

namespace CertCreds.Tests.Provisioning;

public sealed class IotClientTests
{
    [Fact]
    public async Task Create_role_alias_posts_the_role_and_duration_as_json_and_returns_the_alias_arn()
    {
        var aws = new RecordingAws().Answer(200, """{"roleAlias":"a","roleAliasArn":"arn:aws:iot:eu-west-1:123456789012:rolealias/a"}""");
        var iot = aws.Iot(out var http);
        using (http)
        {
            var arn = await iot.CreateRoleAliasAsync("a", "arn:aws:iam::123456789012:role/r", 900, CancellationToken.None);

            Assert.Equal("arn:aws:iot:eu-west-1:123456789012:rolealias/a", arn);
        }

        var (method, url, headers, body) = Assert.Single(aws.Requests);
        Assert.Equal("POST", method);
        Assert.Equal("/role-aliases/a", url.AbsolutePath);
        Assert.StartsWith("application/json", headers["content-type"], StringComparison.Ordinal);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("arn:aws:iam::123456789012:role/r", json.RootElement.GetProperty("roleArn").GetString());
        Assert.Equal(900, json.RootElement.GetProperty("credentialDurationSeconds").GetInt32());
        Assert.Contains("Credential=AKIDEXAMPLE/", headers["authorization"], StringComparison.Ordinal);
        Assert.Contains("/eu-west-1/iot/aws4_request", headers["authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attach_thing_principal_sends_the_certificate_arn_in_the_signed_principal_header()
    {
        var aws = new RecordingAws().Answer(200, "{}");
        var iot = aws.Iot(out var http);
        using (http)
        {
            await iot.AttachThingPrincipalAsync("device-1", "arn:aws:iot:eu-west-1:123456789012:cert/abc", CancellationToken.None);
        }

        var request = Assert.Single(aws.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/things/device-1/principals", request.Url.AbsolutePath);
        Assert.Equal("arn:aws:iot:eu-west-1:123456789012:cert/abc", request.Headers["x-amzn-principal"]);
        Assert.Contains("x-amzn-principal", request.Headers["authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_attached_policies_puts_the_whole_certificate_arn_in_one_path_segment()
    {
        var aws = new RecordingAws().Answer(200, """{"policies":[{"policyName":"p1","policyArn":"x"}]}""");
        var iot = aws.Iot(out var http);
        using (http)
        {
            var policies = await iot.ListAttachedPoliciesAsync("arn:aws:iot:eu-west-1:123456789012:cert/abc", CancellationToken.None);

            Assert.Equal(["p1"], policies);
        }

        Assert.Equal("/attached-policies/arn%3Aaws%3Aiot%3Aeu-west-1%3A123456789012%3Acert%2Fabc", Assert.Single(aws.Requests).Url.AbsolutePath);
    }

    [Fact]
    public async Task Describe_endpoint_asks_for_the_credentials_provider_endpoint()
    {
        var aws = new RecordingAws().Answer(200, """{"endpointAddress":"abc123.credentials.iot.eu-west-1.amazonaws.com"}""");
        var iot = aws.Iot(out var http);
        using (http)
        {
            Assert.Equal("abc123.credentials.iot.eu-west-1.amazonaws.com", await iot.DescribeCredentialsEndpointAsync(CancellationToken.None));
        }

        Assert.Equal("?endpointType=iot%3ACredentialProvider", Assert.Single(aws.Requests).Url.Query);
    }

    [Fact]
    public async Task A_missing_thing_reads_as_null_and_a_refusal_names_the_iot_action()
    {
        var aws = new RecordingAws()
            .Answer(404, """{"message":"Thing t not found"}""", "ResourceNotFoundException:http://internal.amazon.com/")
            .Answer(403, """{"message":"User: arn:aws:iam::123456789012:user/u is not authorized to perform: iot:CreateThing"}""", "AccessDeniedException");
        var iot = aws.Iot(out var http);
        using (http)
        {
            Assert.Null(await iot.DescribeThingAsync("t", CancellationToken.None));
            var error = await Assert.ThrowsAsync<AwsServiceError>(() => iot.CreateThingAsync("t", CancellationToken.None));

            Assert.Equal("AccessDeniedException", error.Code);
            var translated = AwsErrorTranslator.Translate(error, "eu-west-1");
            Assert.Equal(ExitCodes.Rejected, translated.ExitCode);
            Assert.Contains("iot:CreateThing", translated.Message, StringComparison.Ordinal);
            Assert.Contains("allow the IAM action iot:CreateThing", translated.Hint, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Throttling_is_transient_and_a_bad_signature_points_at_credentials_and_region()
    {
        var aws = new RecordingAws()
            .Answer(429, """{"message":"Rate exceeded"}""", "ThrottlingException")
            .Answer(403, """{"message":"The security token included in the request is invalid."}""", "UnrecognizedClientException");
        var iot = aws.Iot(out var http);
        using (http)
        {
            var throttled = await Assert.ThrowsAsync<AwsServiceError>(() => iot.GetPolicyAsync("p", CancellationToken.None));
            Assert.Equal(ExitCodes.Transient, AwsErrorTranslator.Translate(throttled, "eu-west-1").ExitCode);
            var unknown = await Assert.ThrowsAsync<AwsServiceError>(() => iot.GetPolicyAsync("p", CancellationToken.None));
            var translated = AwsErrorTranslator.Translate(unknown, "eu-west-9");
            Assert.Contains("eu-west-9", translated.Hint, StringComparison.Ordinal);
            Assert.DoesNotContain("secret-key-never-shown", translated.Message + translated.Hint, StringComparison.Ordinal);
        }
    }
}
