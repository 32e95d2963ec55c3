using CertCreds.Serving;

namespace CertCreds.Tests.Serving;

public sealed class ChildEnvironmentTests
{
    [Fact]
    public void Variables_that_would_shadow_the_container_endpoint_are_removed_and_the_endpoint_is_set()
    {
        var environment = new Dictionary<string, string?>
        {
            ["PATH"] = "/usr/bin",
            ["AWS_PROFILE"] = "other",
            ["AWS_ACCESS_KEY_ID"] = "AKIA",
            ["AWS_SECRET_ACCESS_KEY"] = "s",
            ["AWS_SESSION_TOKEN"] = "t",
            ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/v2/x",
            ["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = "/tmp/f",
            ["AWS_DEFAULT_REGION"] = "us-east-1",
        };
        ChildEnvironment.Apply(environment, new Uri("http://127.0.0.1:1234/credentials"), "tok");
        Assert.Equal(["AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_DEFAULT_REGION", "PATH"], environment.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("http://127.0.0.1:1234/credentials", environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"]);
        Assert.Equal("tok", environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"]);
    }
}
