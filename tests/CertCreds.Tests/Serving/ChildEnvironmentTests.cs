using CertCreds.Platform;
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

    [Fact]
    public void Our_own_variables_java_v1_keys_and_our_trust_store_override_never_reach_the_child()
    {
        var environment = new Dictionary<string, string?>
        {
            ["PATH"] = "/usr/bin",
            ["CERTCREDS_PRIVATE_KEY_PASSWORD"] = "hunter2",
            ["CERTCREDS_TRACE"] = "1",
            ["certcreds_lowercase"] = "x",
            ["AWS_ACCESS_KEY"] = "AKIAJAVA",
            ["AWS_SECRET_KEY"] = "javasecret",
            ["SSL_CERT_FILE"] = NativeEnvironment.NoSystemStore,
            ["SSL_CERT_DIR"] = "/etc/ssl/mine",
        };
        ChildEnvironment.Apply(environment, new Uri("http://127.0.0.1:1234/credentials"), "tok");
        Assert.Equal(["AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "PATH", "SSL_CERT_DIR"], environment.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("/etc/ssl/mine", environment["SSL_CERT_DIR"]);
    }
}
