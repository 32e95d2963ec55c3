using CertCreds.Cli;
using CertCreds.Errors;

namespace CertCreds.Tests.Cli;

public sealed class TypoSuggestionTests
{
    [Theory]
    [InlineData("credntial-process", "credential-process")]
    [InlineData("credential-proces", "credential-process")]
    [InlineData("docter", "doctor")]
    [InlineData("serv", "serve")]
    [InlineData("exce", "exec")]
    public async Task A_mistyped_verb_is_named_with_the_closest_verb(string typed, string meant)
    {
        var run = await CliHarness.RunAsync(Path.GetTempPath(), typed, "--endpoint", "x");
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        var line = Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains($"unknown command '{typed}'", line, StringComparison.Ordinal);
        Assert.Contains($"did you mean 'certcreds {meant}'?", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Required command", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mistyped_option_is_named_with_the_closest_option_of_that_verb()
    {
        var run = await CliHarness.RunAsync(Path.GetTempPath(), "credential-process", "--endpont", "x");
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("unknown option '--endpont'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("did you mean 'certcreds credential-process --endpoint'?", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_word_far_from_every_verb_gets_no_guess()
    {
        var run = await CliHarness.RunAsync(Path.GetTempPath(), "zzzzzzzz");
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("unknown command 'zzzzzzzz'", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("did you mean", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hostile_argument_is_echoed_escaped()
    {
        var run = await CliHarness.RunAsync(Path.GetTempPath(), "cred\u001b[2J\u202Eential");
        Assert.DoesNotContain('\u001b', run.Stderr);
        Assert.DoesNotContain('\u202E', run.Stderr);
        Assert.Contains("\\x1b[2J\\u202e", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc", "abc", 0)]
    [InlineData("abc", "acb", 1)]
    [InlineData("serve", "sever", 2)]
    [InlineData("doctor", "docter", 1)]
    [InlineData("exec", "", 4)]
    public void Distance_counts_a_swap_of_neighbours_as_one_edit(string a, string b, int distance)
    {
        Assert.Equal(distance, Suggestions.Distance(a, b));
    }
}
