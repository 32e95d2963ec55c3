using CertCreds.Cli.AwsFiles;
using System.CommandLine;
using System.Globalization;
using System.Text;
using CertCreds.Errors;
using CertCreds.Output;
using CertCreds.Provisioning.Aws;
using CertCreds.Provisioning.Planning;

namespace CertCreds.Cli.Commands;

/// <summary>
/// <c>certcreds provision</c>: the AWS side of a device in one idempotent command (role, alias, policy, thing,
/// certificate, attachments, device files), then the credential_process line or a profile, verified by one fetch.
/// The work is in CertCreds.Provisioning; this only reads options and prints.
/// </summary>
internal static class ProvisionCommand
{
    public static Command Create(CliContext context)
    {
        var thing = new Option<string>("--thing-name") { Description = "IoT thing for this device (created if missing)", HelpName = "NAME", Required = true };
        var role = new Option<string>("--role-name") { Description = "IAM role the device gets credentials for (default certcreds-device-role)", HelpName = "NAME", DefaultValueFactory = _ => "certcreds-device-role" };
        var alias = new Option<string>("--role-alias") { Description = "IoT role alias pointing at the role (default certcreds-device-role-alias)", HelpName = "NAME", DefaultValueFactory = _ => "certcreds-device-role-alias" };
        var policy = new Option<string>("--policy-name") { Description = "IoT policy allowing iot:AssumeRoleWithCertificate on the alias (default certcreds-device-policy)", HelpName = "NAME", DefaultValueFactory = _ => "certcreds-device-policy" };
        var region = new Option<string>("--region") { Description = "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION)", HelpName = "REGION" };
        var output = new Option<string>("--out") { Description = "Folder for certificate.pem.crt, private.pem.key (0600) and AmazonRootCA1.pem (default ./THING)", HelpName = "DIR" };
        var duration = new Option<int>("--duration") { Description = "Credential lifetime of the alias in seconds, 900-43200 (default 3600)", HelpName = "SECONDS", DefaultValueFactory = _ => 3600 };
        var group = new Option<string>("--thing-group") { Description = "Thing group to put the thing in (created if missing)", HelpName = "NAME" };
        var variables = new Option<bool>("--thing-policy-variables") { Description = "Allow the alias only while the certificate is attached to the thing named in the request (one policy for a fleet)" };
        var managed = new Option<string[]>("--managed-policy-arn") { Description = "Managed permissions policy to attach to the role (repeatable)", HelpName = "ARN", AllowMultipleArgumentsPerToken = false };
        var keys = new Option<bool>("--create-keys-and-certificate") { Description = "Let AWS make the key (CreateKeysAndCertificate) instead of a key made here and a CSR" };
        var update = new Option<bool>("--update") { Description = "Change existing resources that differ (otherwise they are reported and nothing is changed)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan (each resource, exists or not, the AWS CLI command) and change nothing" };
        var noVerify = new Option<bool>("--no-verify") { Description = "Do not fetch credentials once at the end" };
        var profile = new Option<string>("--profile") { Description = "Write the credential_process profile NAME with `certcreds configure` instead of printing the line", HelpName = "NAME" };
        var command = new Command("provision", "Create or reuse the IAM role, IoT role alias, IoT policy, thing and certificate for a device, write its files and print its credential_process line.");
        foreach (var option in (Option[])[thing, role, alias, policy, region, output, duration, group, variables, managed, keys, update, dryRun, noVerify, profile])
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            var regionName = ProvisionArguments.Region(result.GetValue(region), context.GetEnvironmentVariable);
            var thingName = ProvisionArguments.Name(result.GetValue(thing)!, "--thing-name", 128, ":_-");
            var seconds = result.GetValue(duration);
            if (seconds is < 900 or > 43200)
            {
                throw new UsageException($"--duration {seconds.ToString(CultureInfo.InvariantCulture)} is outside 900-43200 seconds", "pass --duration between 900 and 43200 (the role's MaxSessionDuration is raised to match)");
            }

            var options = new ProvisionOptions(
                regionName,
                thingName,
                ProvisionArguments.Name(result.GetValue(role)!, "--role-name", 64, "+=,.@_-"),
                ProvisionArguments.Name(result.GetValue(alias)!, "--role-alias", 128, "=,@-"),
                ProvisionArguments.Name(result.GetValue(policy)!, "--policy-name", 128, "+=,.@-_"),
                Path.GetFullPath(Path.Combine(context.WorkingDirectory, result.GetValue(output) ?? thingName)),
                seconds,
                result.GetValue(group) is { } g ? ProvisionArguments.Name(g, "--thing-group", 128, ":_-") : null,
                result.GetValue(variables),
                result.GetValue(managed) ?? [],
                result.GetValue(keys),
                result.GetValue(update));
            var profileName = result.GetValue(profile);
            if (profileName is not null)
            {
                AwsFileEditor.ValidateProfileName(profileName);
            }

            ProvisionOutcome outcome;
            try
            {
                using var aws = await AwsSession.OpenAsync(regionName, "provision", context.GetEnvironmentVariable, context.Clock, cancellationToken).ConfigureAwait(false);
                var provisioner = new Provisioner(aws.Iot, aws.Iam, line => context.Stderr.WriteLine("certcreds: " + line));
                var observed = await provisioner.ObserveAsync(options, cancellationToken).ConfigureAwait(false);
                var plan = Planner.Plan(options, observed);
                if (result.GetValue(dryRun))
                {
                    var text = PlanRenderer.Render(plan) + "reuse   iot credentials endpoint\n        $ " + AwsCli.Format("aws iot describe-endpoint --endpoint-type iot:CredentialProvider --region {0}", regionName) + "\n";
                    await context.Stdout.WriteAsync(new UTF8Encoding(false).GetBytes(text), cancellationToken).ConfigureAwait(false);
                    await context.Stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
                    context.Stderr.WriteLine("certcreds: dry run: nothing was changed");
                    return 0;
                }

                outcome = await provisioner.ApplyAsync(options, observed, plan, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceError e)
            {
                throw AwsErrorTranslator.Translate(e, regionName);
            }

            string[] identity = ["--endpoint", outcome.CredentialsEndpoint, "--role-alias", outcome.RoleAlias, "--certificate", outcome.CertificatePath, "--private-key", outcome.PrivateKeyPath, "--thing-name", outcome.ThingName];
            if (profileName is not null)
            {
                string[] configure = ["configure", "--profile", profileName, .. identity, .. result.GetValue(noVerify) ? (string[])["--no-verify"] : []];
                return await CliApp.RunAsync(configure, context).ConfigureAwait(false);
            }

            var settings = ProvisionArguments.Settings(identity, context);
            if (result.GetValue(noVerify))
            {
                context.Stderr.WriteLine("certcreds: not verified (--no-verify)");
            }
            else
            {
                var credentials = await CliCredentials.Service(context).FetchAsync(settings, cancellationToken).ConfigureAwait(false);
                context.Stderr.WriteLine($"certcreds: verified: the certificate got credentials for {credentials.AccessKeyId} until {CredentialProcessOutput.FormatExpiration(credentials.Expiration)}");
            }

            var line = "credential_process = " + ProfileCommandLine.Build(Environment.ProcessPath ?? "certcreds", settings) + "\n";
            await context.Stdout.WriteAsync(new UTF8Encoding(false).GetBytes(line), cancellationToken).ConfigureAwait(false);
            await context.Stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
