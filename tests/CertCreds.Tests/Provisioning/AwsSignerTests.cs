using System.Text;
using Amazon.Runtime;
using CertCreds.Provisioning.Aws;

namespace CertCreds.Tests.Provisioning;

public sealed class AwsSignerTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static readonly DateTime SignedAt = new(2026, 12, 3, 10, 11, 12, DateTimeKind.Utc);

    public static TheoryData<string, string, string?, string?> IotCalls => new()
    {
        // A GET with a query (moto cannot check these) and a name with a colon, as thing names may have.
        { "GET", "/things/device:1/principals", "maxResults=250", null },
        { "GET", "/endpoint", "endpointType=iot:CredentialProvider", null },
        { "POST", "/role-aliases/alias-for-roles-anywhere", null, """{"roleArn":"arn:aws:iam::123456789012:role/r","credentialDurationSeconds":3600}""" },
        { "PUT", "/principal-policies/device-policy", null, null },
        { "PATCH", "/certificates/abc123", "newStatus=INACTIVE", null },
        { "DELETE", "/certificates/abc123", "forceDelete=true", null },
    };

    [Theory]
    [MemberData(nameof(IotCalls))]
    public async Task An_iot_request_is_signed_exactly_as_botocore_signs_it(string method, string path, string? query, string? body)
    {
        var parameters = query is null ? [] : query.Split('&').Select(p => p.Split('=', 2)).Select(p => new KeyValuePair<string, string>(p[0], p[1])).ToList();
        var request = new AwsRequest("iot:Test", method, path, parameters, body is null ? null : Encoding.UTF8.GetBytes(body), body is null ? null : "application/json");
        var signed = AwsSigner.Sign(request, new Uri("http://127.0.0.1:5000"), "eu-west-1", "iot", new ImmutableCredentials("AKIDEXAMPLE", Secret, "session-token"), SignedAt);

        var expected = await Botocore.AuthorizationAsync(signed, method, body, "iot", "eu-west-1", "AKIDEXAMPLE", Secret, "session-token");

        Assert.Equal(expected, signed.Header("Authorization"));
        Assert.Contains("x-amz-security-token", signed.Header("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_iam_query_request_is_signed_exactly_as_botocore_signs_it()
    {
        const string Body = "Action=GetRole&RoleName=iot-device-role&Version=2010-05-08";
        var request = new AwsRequest("iam:GetRole", "POST", "/", [], Encoding.UTF8.GetBytes(Body), "application/x-www-form-urlencoded; charset=utf-8");
        var signed = AwsSigner.Sign(request, new Uri("https://iam.amazonaws.com"), "us-east-1", "iam", new ImmutableCredentials("AKIDEXAMPLE", Secret, null), SignedAt);

        var expected = await Botocore.AuthorizationAsync(signed, "POST", Body, "iam", "us-east-1", "AKIDEXAMPLE", Secret, null);

        Assert.Equal(expected, signed.Header("Authorization"));
        Assert.Equal("https://iam.amazonaws.com/", signed.Url.AbsoluteUri);
    }

    [Fact]
    public void The_query_reaches_the_url_encoded_and_the_signature_covers_it()
    {
        var request = new AwsRequest("iot:DescribeEndpoint", "GET", "/endpoint", [new("endpointType", "iot:CredentialProvider")], null, null);
        var keys = new ImmutableCredentials("AKIDEXAMPLE", Secret, null);
        var one = AwsSigner.Sign(request, new Uri("http://127.0.0.1:5000"), "eu-west-1", "iot", keys, SignedAt);
        var other = AwsSigner.Sign(request with { Query = [new("endpointType", "iot:Data-ATS")] }, new Uri("http://127.0.0.1:5000"), "eu-west-1", "iot", keys, SignedAt);

        Assert.Equal("http://127.0.0.1:5000/endpoint?endpointType=iot%3ACredentialProvider", one.Url.AbsoluteUri);
        Assert.NotEqual(one.Header("Authorization"), other.Header("Authorization"));
        Assert.DoesNotContain(Secret, one.ToString(), StringComparison.Ordinal);
    }
}
