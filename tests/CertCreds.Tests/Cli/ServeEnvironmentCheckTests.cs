using CertCreds.Cli.Doctor;

namespace CertCreds.Tests.Cli;

/// <summary>doctor's <c>clients</c> line about serve's variables in the environment.</summary>
public sealed class ServeEnvironmentCheckTests
{
    private static CheckResult? Check(params (string Name, string Value)[] variables)
    {
        var environment = variables.ToDictionary(v => v.Name, v => v.Value);
        return ServeEnvironmentCheck.Run(name => environment.GetValueOrDefault(name));
    }

    [Fact]
    public void Without_serves_variables_there_is_no_line()
    {
        Assert.Null(Check());
        Assert.Null(Check(("AWS_EC2_METADATA_SERVICE_ENDPOINT", string.Empty)));
    }

    [Fact]
    public void An_imds_endpoint_without_the_trailing_slash_warns_about_aws_cli_v2_and_gives_the_fixed_value()
    {
        var result = Check(("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:43531"))!;
        Assert.Equal(CheckStatus.Warn, result.Status);
        Assert.Contains("AWS CLI v2", result.Detail, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:43531/", result.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void An_imds_endpoint_that_is_not_an_http_url_warns()
    {
        var result = Check(("AWS_EC2_METADATA_SERVICE_ENDPOINT", "127.0.0.1:43531/"))!;
        Assert.Equal(CheckStatus.Warn, result.Status);
        Assert.Contains("not an http:// URL", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void What_serve_prints_on_a_free_port_passes_and_names_the_ruby_sdk_and_its_ways_out()
    {
        var result = Check(("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:43531/"), ("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:43531/credentials"))!;
        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.Contains("AWS SDK for Ruby 3.168, which connects to IMDS on port 80, not 43531 and does not read AWS_CONTAINER_CREDENTIALS_FULL_URI", result.Detail, StringComparison.Ordinal);
        Assert.Contains("serve --port 80", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_container_endpoint_alone_names_the_ruby_sdk_too()
    {
        var result = Check(("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:43531/credentials"))!;
        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.Contains("which does not read AWS_CONTAINER_CREDENTIALS_FULL_URI", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_on_port_80_reaches_every_client_in_the_table()
    {
        var result = Check(("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:80/"), ("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:80/credentials"))!;
        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.DoesNotContain("Ruby", result.Detail, StringComparison.Ordinal);
    }
}
