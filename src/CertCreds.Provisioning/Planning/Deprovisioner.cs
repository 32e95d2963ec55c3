using CertCreds.Errors;
using CertCreds.Provisioning.Aws;
using CertCreds.Provisioning.Iam;
using CertCreds.Provisioning.Iot;

namespace CertCreds.Provisioning.Planning;

/// <summary>
/// Undoes a device: for each certificate attached to the thing, detach its policies and the thing, deactivate it,
/// delete it; then, when asked, the thing. Shared resources (role, alias, policy) are deleted only when named, since
/// other devices may use them. Each step is reported; a re-run after a failure goes on from where it stopped.
/// </summary>
internal sealed class Deprovisioner(IotClient iot, IamClient iam, TimeProvider clock, Action<string> report)
{
    public async Task RunAsync(string thingName, bool deleteThing, string? roleAlias, string? policyName, string? roleName, CancellationToken cancellationToken)
    {
        if (await iot.DescribeThingAsync(thingName, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new UsageException($"there is no IoT thing named '{thingName}' in {iot.Region}", "check --thing-name and --region");
        }

        foreach (var principal in await iot.ListThingPrincipalsAsync(thingName, cancellationToken).ConfigureAwait(false))
        {
            var marker = principal.IndexOf(":cert/", StringComparison.Ordinal);
            if (marker < 0)
            {
                continue;
            }

            var id = principal[(marker + ":cert/".Length)..];
            foreach (var policy in await iot.ListAttachedPoliciesAsync(principal, cancellationToken).ConfigureAwait(false))
            {
                await iot.DetachPolicyAsync(policy, principal, cancellationToken).ConfigureAwait(false);
                report($"detached IoT policy {policy} from certificate {id}");
            }

            await iot.DetachThingPrincipalAsync(thingName, principal, cancellationToken).ConfigureAwait(false);
            report($"detached certificate {id} from thing {thingName}");
            await iot.DeactivateCertificateAsync(id, cancellationToken).ConfigureAwait(false);
            report($"deactivated certificate {id}");
            await DeleteCertificateAsync(id, cancellationToken).ConfigureAwait(false);
            report($"deleted certificate {id}");
        }

        if (deleteThing)
        {
            await iot.DeleteThingAsync(thingName, cancellationToken).ConfigureAwait(false);
            report($"deleted thing {thingName}");
        }

        if (roleAlias is not null)
        {
            await iot.DeleteRoleAliasAsync(roleAlias, cancellationToken).ConfigureAwait(false);
            report($"deleted IoT role alias {roleAlias}");
        }

        if (policyName is not null)
        {
            await iot.DeletePolicyAsync(policyName, cancellationToken).ConfigureAwait(false);
            report($"deleted IoT policy {policyName}");
        }

        if (roleName is not null)
        {
            foreach (var arn in await iam.ListAttachedRolePolicyArnsAsync(roleName, cancellationToken).ConfigureAwait(false))
            {
                await iam.DetachRolePolicyAsync(roleName, arn, cancellationToken).ConfigureAwait(false);
                report($"detached {arn} from IAM role {roleName}");
            }

            await iam.DeleteRoleAsync(roleName, cancellationToken).ConfigureAwait(false);
            report($"deleted IAM role {roleName}");
        }
    }

    /// <summary>AWS detaches a thing's principal asynchronously; deleting the certificate may be refused for a few seconds.</summary>
    private async Task DeleteCertificateAsync(string id, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await iot.DeleteCertificateAsync(id, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (AwsServiceError e) when (attempt < 10 && e.Code is "DeleteConflictException" or "CertificateStateException")
            {
                await Task.Delay(TimeSpan.FromSeconds(1), clock, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
