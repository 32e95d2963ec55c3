using System.Text;
using CertCreds.Errors;
using CertCreds.Provisioning.Aws;

namespace CertCreds.Tests.Provisioning;

public sealed class IamClientTests
{
    private const string GetRoleAnswer = """
        <GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
          <GetRoleResult><Role>
            <RoleName>r</RoleName><Arn>arn:aws:iam::123456789012:role/r</Arn>
            <AssumeRolePolicyDocument>%7B%22Version%22%3A%222012-10-17%22%7D</AssumeRolePolicyDocument>
            <MaxSessionDuration>7200</MaxSessionDuration>
          </Role></GetRoleResult>
          <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>
        </GetRoleResponse>
        """;

    [Fact]
    public async Task Get_role_posts_a_query_form_and_decodes_the_url_encoded_trust_policy()
    {
        var aws = new RecordingAws().Answer(200, GetRoleAnswer);
        var iam = aws.Iam(out var http);
        using (http)
        {
            var role = await iam.GetRoleAsync("r", CancellationToken.None);

            Assert.NotNull(role);
            Assert.Equal("arn:aws:iam::123456789012:role/r", role.Arn);
            Assert.Equal("""{"Version":"2012-10-17"}""", role.TrustPolicy);
            Assert.Equal(7200, role.MaxSessionDuration);
        }

        var request = Assert.Single(aws.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("Action=GetRole&RoleName=r&Version=2010-05-08", request.Body);
        Assert.StartsWith("application/x-www-form-urlencoded", request.Headers["content-type"], StringComparison.Ordinal);
        Assert.Contains("/us-east-1/iam/aws4_request", request.Headers["authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_role_encodes_the_trust_policy_into_the_form()
    {
        var aws = new RecordingAws().Answer(200, "<CreateRoleResponse><CreateRoleResult><Role><Arn>arn:aws:iam::123456789012:role/r</Arn></Role></CreateRoleResult></CreateRoleResponse>");
        var iam = aws.Iam(out var http);
        using (http)
        {
            Assert.Equal("arn:aws:iam::123456789012:role/r", await iam.CreateRoleAsync("r", """{"a":"b c"}""", 3600, CancellationToken.None));
        }

        Assert.Contains("&AssumeRolePolicyDocument=%7B%22a%22%3A%22b%20c%22%7D&MaxSessionDuration=3600&", Assert.Single(aws.Requests).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_role_reads_as_null_and_access_denied_names_the_iam_action()
    {
        const string NoSuchEntity = """<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The role with name r cannot be found.</Message></Error><RequestId>req-2</RequestId></ErrorResponse>""";
        const string Denied = """<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform: iam:CreateRole</Message></Error><RequestId>req-3</RequestId></ErrorResponse>""";
        var aws = new RecordingAws().Answer(404, NoSuchEntity).Answer(403, Denied);
        var iam = aws.Iam(out var http);
        using (http)
        {
            Assert.Null(await iam.GetRoleAsync("r", CancellationToken.None));
            var error = await Assert.ThrowsAsync<AwsServiceError>(() => iam.CreateRoleAsync("r", "{}", 3600, CancellationToken.None));

            Assert.Equal("req-3", error.RequestId);
            var translated = AwsErrorTranslator.Translate(error, "eu-west-1");
            Assert.Equal(ExitCodes.Rejected, translated.ExitCode);
            Assert.Contains("iam:CreateRole", translated.Message, StringComparison.Ordinal);
            Assert.Contains("req-3", translated.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_non_xml_error_keeps_the_status_and_a_bounded_excerpt()
    {
        var error = CertCreds.Provisioning.Iam.IamErrors.Parse("iam:GetRole", 502, Encoding.UTF8.GetBytes(new string('x', 5000)), null);

        Assert.Equal("HTTP502", error.Code);
        Assert.True(error.ServerMessage.Length <= 300);
    }
}
