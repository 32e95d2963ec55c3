namespace CertCreds.Tests.Cli;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_walks_through_every_step_fetches_real_credentials_and_cleans_up()
    {
        var run = await CliHarness.RunAsync(Path.GetTempPath(), "demo");
        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var step in (string[])["IAM role", "Role alias", "IoT policy", "Thing", "Endpoint", "Request", "Output", "A mistake"])
        {
            Assert.Contains(step, run.Stdout, StringComparison.Ordinal);
        }

        Assert.Matches("\"Version\":1,\"AccessKeyId\":\"ASIA[A-Z2-7]{16}\"", run.Stdout);
        Assert.Contains("Invalid thing name passed", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("[profile iotrolesanywhere]", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("POST https://", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("-> 201 in", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Untrusted", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("[profile rolesanywhere]", run.Stdout, StringComparison.Ordinal);
        var folder = System.Text.RegularExpressions.Regex.Match(run.Stdout, @"plays AWS, in (\S+)\.").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(folder));
        Assert.False(Directory.Exists(folder), "the demo must remove its temporary folder");
    }
}
