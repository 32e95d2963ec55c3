using CertCreds.Cli;

namespace CertCreds.Tests.Cli;

public sealed class CliAppTests
{
    private static CliContext Context() => new(Stream.Null, TextWriter.Null, _ => null, Path.GetTempPath(), TimeProvider.System, IsInteractive: false);

    [Fact]
    public void The_full_tree_has_every_verb_under_its_own_name()
    {
        var names = CliApp.Build(Context()).Subcommands.Select(c => c.Name).ToArray();
        Assert.Equal(["credential-process", "cache", "emulator", "demo", "serve", "exec", "configure", "update", "doctor", "provision", "deprovision"], names);
    }

    [Theory]
    [InlineData("credential-process")]
    [InlineData("doctor")]
    [InlineData("emulator")]
    public void A_named_verb_builds_only_that_verb(string verb)
    {
        var command = Assert.Single(CliApp.Build(Context(), [verb, "--help"]).Subcommands);
        Assert.Equal(verb, command.Name);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("credential-proces")]
    public void Anything_else_builds_the_whole_tree_for_usage_and_suggestions(string first)
    {
        Assert.Equal(11, CliApp.Build(Context(), [first]).Subcommands.Count);
    }

    [Fact]
    public async Task Root_help_lists_every_verb()
    {
        var run = await CliHarness.RunAsync(Path.GetTempPath(), "--help");
        Assert.Equal(0, run.ExitCode);
        foreach (var verb in (string[])["credential-process", "serve", "exec", "configure", "update", "doctor", "emulator", "demo", "cache", "provision", "deprovision"])
        {
            Assert.Contains(verb, run.Stdout, StringComparison.Ordinal);
        }
    }
}
