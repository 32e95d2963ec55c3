using CertCreds.Cli.AwsFiles;
using CertCreds.Cli.Commands;
using CertCreds.Errors;
using CertCreds.Output;
using CertCreds.Platform;
using CertCreds.Providers.RolesAnywhere;
using CertCreds.Sources;

namespace CertCreds.Cli.Doctor;

/// <summary><c>profile</c> (with <c>--profile</c>): the AWS config profile runs exactly this setup, with absolute paths.</summary>
internal sealed class ProfileCheck : IDoctorCheck
{
    public Task RunAsync(DoctorRun run, CancellationToken cancellationToken)
    {
        if (run.Profile is not null)
        {
            Check(run, run.Profile);
        }

        return Task.CompletedTask;
    }

    private static void Check(DoctorRun run, string profile)
    {
        var context = run.Context;
        var configPath = AwsFilePaths.Config(context);
        var credentialsPath = AwsFilePaths.Credentials(context);
        IReadOnlyDictionary<string, string>? values;
        try
        {
            var configText = SharedFileEditor.ReadText(configPath);
            AwsFileEditor.CheckBotocoreReadsIt(IniParser.Parse(configText), configPath);
            values = AwsFileEditor.ReadProfile(configText, AwsFileKind.Config, profile);
            ProfileTraps.CheckBeforeCredentialProcess(profile, configPath, configText, credentialsPath, SharedFileEditor.ReadText(credentialsPath));
        }
        catch (CertCredsException e)
        {
            run.Add(CheckResult.Fail("profile", e.Message, e.Hint, e.ExitCode));
            return;
        }

        var configure = $"run 'certcreds configure --profile {profile}' with the same options";
        if (values is null || !values.TryGetValue("credential_process", out var line))
        {
            run.Add(CheckResult.Fail("profile", $"{configPath} has no credential_process in profile '{profile}'", configure, ExitCodes.Usage));
            return;
        }

        var words = CommandLine.TrySplit(line);
        if (words is null || words.Count < 2 || words[1] != "credential-process")
        {
            run.Add(CheckResult.Fail("profile", $"the credential_process of profile '{profile}' is not a certcreds credential-process command: {line}", configure, ExitCodes.Usage));
            return;
        }

        var problems = new List<string>();
        if (!Path.IsPathRooted(words[0]) || !File.Exists(words[0]))
        {
            problems.Add($"the program {words[0]} is not an absolute path to an existing file");
        }

        var absolute = ProfileCommandLine.Absolute(run.Settings, context.WorkingDirectory);
        var expected = new Dictionary<string, string?>();
        foreach (var (option, value) in absolute.Source.CommandLineOptions)
        {
            expected[option] = value;
        }

        expected["--certificate"] = absolute.Identity.CertificatePath;
        expected["--private-key"] = absolute.Identity.PrivateKeyPath;
        expected["--intermediates"] = absolute.Identity.IntermediatesPath;
        expected["--pkcs11-module"] = absolute.Identity.Pkcs11Module;
        expected["--ca-cert"] = absolute.CaCertPath;
        foreach (var (option, value) in expected)
        {
            var index = words.ToList().IndexOf(option);
            var actual = index >= 0 && index + 1 < words.Count ? words[index + 1] : null;
            if (option == "--endpoint" && actual is not null)
            {
                actual = run.Source is RolesAnywhereSource ? RolesAnywhereEndpoint.Parse(actual).Authority : Providers.IotEndpoint.Parse(actual).Authority;
            }

            if (actual != value)
            {
                problems.Add($"{option} is {actual ?? "missing"} there but {value ?? "not given"} here");
            }
            else if (actual is not null && option is "--certificate" or "--private-key" or "--intermediates" or "--ca-cert" && !Path.IsPathRooted(actual))
            {
                problems.Add($"{option} {actual} is relative, and credential_process runs in whatever directory the AWS CLI started in");
            }
        }

        run.Add(problems.Count == 0
            ? CheckResult.Pass("profile", $"profile '{profile}' in {configPath} runs this setup")
            : CheckResult.Fail("profile", $"profile '{profile}' in {configPath} does not run this setup: {string.Join("; ", problems)}", configure, ExitCodes.Usage));
    }
}
