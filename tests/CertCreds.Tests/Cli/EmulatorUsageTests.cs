using CertCreds.Testing.Emulator;

namespace CertCreds.Tests.Cli;

public sealed class EmulatorUsageTests
{
    [Theory]
    [InlineData("70000", "0")]
    [InlineData("-1", "0")]
    [InlineData("4443", "4443")]
    public async Task A_roles_anywhere_port_out_of_range_or_equal_to_port_is_a_usage_error_before_anything_is_written(string rolesAnywherePort, string port)
    {
        using var dir = new TempDirectory();
        var state = Path.Combine(dir.Path, "state");

        var run = await CliHarness.RunAsync(dir.Path, ["emulator", "--state-dir", state, "--port", port, "--roles-anywhere-port", rolesAnywherePort]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.StartsWith("certcreds: the Roles Anywhere port", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("--roles-anywhere-port 0", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(state));
    }
}
