using System.CommandLine;
using CertCreds.Provisioning.Aws;
using CertCreds.Provisioning.Planning;

namespace CertCreds.Cli.Commands;

/// <summary>
/// <c>certcreds deprovision</c>: detaches, deactivates and deletes the certificates of a thing; the thing itself
/// with --delete-thing; shared resources only when named.
/// </summary>
internal static class DeprovisionCommand
{
    public static Command Create(CliContext context)
    {
        var thing = new Option<string>("--thing-name") { Description = "IoT thing whose certificates are removed", HelpName = "NAME", Required = true };
        var region = new Option<string>("--region") { Description = "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION)", HelpName = "REGION" };
        var deleteThing = new Option<bool>("--delete-thing") { Description = "Delete the thing too" };
        var alias = new Option<string>("--delete-role-alias") { Description = "Also delete this IoT role alias (shared: other devices may use it)", HelpName = "NAME" };
        var policy = new Option<string>("--delete-policy") { Description = "Also delete this IoT policy (shared: refused while attached elsewhere)", HelpName = "NAME" };
        var role = new Option<string>("--delete-role") { Description = "Also delete this IAM role, detaching its managed policies (shared)", HelpName = "NAME" };
        var command = new Command("deprovision", "Detach, deactivate and delete a thing's certificates; optionally the thing, and shared resources only when named.");
        foreach (var option in (Option[])[thing, region, deleteThing, alias, policy, role])
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            var regionName = ProvisionArguments.Region(result.GetValue(region), context.GetEnvironmentVariable);
            var thingName = ProvisionArguments.Name(result.GetValue(thing)!, "--thing-name", 128, ":_-");
            try
            {
                using var aws = await AwsSession.OpenAsync(regionName, "deprovision", context.GetEnvironmentVariable, context.Clock, cancellationToken).ConfigureAwait(false);
                var deprovisioner = new Deprovisioner(aws.Iot, aws.Iam, context.Clock, line => context.Stderr.WriteLine("certcreds: " + line));
                await deprovisioner.RunAsync(thingName, result.GetValue(deleteThing), result.GetValue(alias), result.GetValue(policy), result.GetValue(role), cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceError e)
            {
                throw AwsErrorTranslator.Translate(e, regionName);
            }

            return 0;
        });
        return command;
    }
}
