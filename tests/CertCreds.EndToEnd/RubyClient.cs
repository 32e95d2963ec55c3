using CertCreds.Testing;

namespace CertCreds.EndToEnd;

/// <summary>
/// The AWS SDK for Ruby as Debian 12 ships it (ruby-aws-sdk-core, whose aws-sdk-core includes Aws::STS) running
/// ruby-client/sts_caller_identity.rb with Debian's own ruby, not whatever ruby comes first on a PATH.
/// </summary>
internal static class RubyClient
{
    public const string Ruby = "/usr/bin/ruby";

    public static string Script => Path.Combine(PublishedBinary.RepositoryRoot(), "tests", "CertCreds.EndToEnd", "ruby-client", "sts_caller_identity.rb");

    public static Task<CliRun> RunAsync(string stsEndpoint, Dictionary<string, string> environment) =>
        ProcessRunner.RunAsync(RequireRuby(), [Script, stsEndpoint], environment);

    public static async Task<string> SdkVersionAsync()
    {
        var run = await ProcessRunner.RunAsync(RequireRuby(), ["-e", "require 'aws-sdk-core'; puts Aws::CORE_GEM_VERSION"], ProcessRunner.CleanEnvironment(Path.GetTempPath()));
        return run.ExitCode == 0 ? run.Stdout.Trim() : throw new InvalidOperationException("aws-sdk-core is not installed for " + Ruby + ": install ruby-aws-sdk-core (see .ci/run)\n" + run);
    }

    private static string RequireRuby() =>
        File.Exists(Ruby) ? Ruby : throw new InvalidOperationException($"{Ruby} is not installed on this machine; the end-to-end tests need Debian's ruby and ruby-aws-sdk-core (see .ci/run)");
}
