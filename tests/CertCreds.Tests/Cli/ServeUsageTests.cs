using CertCreds.Errors;
using CertCreds.Testing;

namespace CertCreds.Tests.Cli;

public sealed class ServeUsageTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("certcreds-serve-usage-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static readonly string[] Identity = ["--endpoint", "localhost:1", "--role-alias", "a", "--certificate", "c.pem", "--private-key", "k.pem"];

    private static void AssertUsageError(CliRun run, string expected)
    {
        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("certcreds: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_refuses_a_non_loopback_address_without_allow_remote_before_any_network_call()
    {
        AssertUsageError(await CliHarness.RunAsync(folder, ["serve", .. Identity, "--address", "0.0.0.0"]), "--allow-remote");
    }

    [Fact]
    public async Task Serve_refuses_an_address_that_is_not_an_ip_and_a_port_out_of_range()
    {
        AssertUsageError(await CliHarness.RunAsync(folder, ["serve", .. Identity, "--address", "localhost"]), "not an IP address");
        AssertUsageError(await CliHarness.RunAsync(folder, ["serve", .. Identity, "--port", "70000"]), "out of range");
    }

    [Fact]
    public async Task Exec_without_a_command_is_a_usage_error()
    {
        AssertUsageError(await CliHarness.RunAsync(folder, ["exec", .. Identity]), "exec");
    }
}
