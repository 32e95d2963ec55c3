using System.Globalization;

namespace CertCreds.Provisioning.Planning;

/// <summary>
/// Turns what exists (<see cref="Observed"/>) and what was asked (<see cref="ProvisionOptions"/>) into the plan:
/// one step per resource, in the order they are made. Pure: no calls, no clock. Existing resources that match are
/// reused; ones that differ are <see cref="StepAction.Differs"/> with the difference in words, or
/// <see cref="StepAction.Update"/> when --update was given. Nothing is ever deleted here.
/// </summary>
internal static class Planner
{
    public const string RoleResource = "iam role";
    public const string RolePolicyResource = "iam role policy";
    public const string AliasResource = "iot role alias";
    public const string PolicyResource = "iot policy";
    public const string ThingResource = "iot thing";
    public const string GroupResource = "iot thing group";
    public const string MembershipResource = "iot thing group membership";
    public const string CertificateResource = "iot certificate";
    public const string PolicyAttachmentResource = "iot policy attachment";
    public const string PrincipalAttachmentResource = "iot thing principal";
    public const string FilesResource = "device files";

    /// <summary>The account, from the ARN of whatever exists already; a placeholder in a dry run of a fresh account.</summary>
    public static string Account(Observed observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        foreach (var arn in (string?[])[observed.Role?.Arn, observed.Alias?.Arn, observed.Policy?.Arn])
        {
            if (arn?.Split(':') is { Length: > 5 } parts && parts[4].Length > 0)
            {
                return parts[4];
            }
        }

        return "ACCOUNT";
    }

    public static string RoleArn(ProvisionOptions options, Observed observed) =>
        observed.Role?.Arn is { Length: > 0 } arn ? arn : $"arn:aws:iam::{Account(observed)}:role/{options.RoleName}";

    public static string AliasArn(ProvisionOptions options, Observed observed) =>
        observed.Alias?.Arn is { Length: > 0 } arn ? arn : $"arn:aws:iot:{options.Region}:{Account(observed)}:rolealias/{options.RoleAlias}";

    public static IReadOnlyList<PlanStep> Plan(ProvisionOptions options, Observed observed)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(observed);
        var region = options.Region;
        var duration = options.DurationSeconds.ToString(CultureInfo.InvariantCulture);
        var steps = new List<PlanStep>();
        var trust = PolicyDocuments.Trust();
        var roleArn = RoleArn(options, observed);

        if (observed.Role is not { } role)
        {
            steps.Add(new(RoleResource, options.RoleName, StepAction.Create, null, AwsCli.Format("aws iam create-role --role-name {0} --assume-role-policy-document {1} --max-session-duration {2}", options.RoleName, trust, MaxSession(options).ToString(CultureInfo.InvariantCulture))));
        }
        else
        {
            var differences = new List<string>();
            var commands = new List<string>();
            if (!PolicyDocuments.Same(role.TrustPolicy, trust))
            {
                differences.Add($"its trust policy is {PolicyDocuments.Compact(role.TrustPolicy)}, provision wants {trust}");
                commands.Add(AwsCli.Format("aws iam update-assume-role-policy --role-name {0} --policy-document {1}", options.RoleName, trust));
            }

            if (role.MaxSessionDuration < options.DurationSeconds)
            {
                differences.Add($"its MaxSessionDuration {role.MaxSessionDuration} s is shorter than the alias duration {duration} s");
                commands.Add(AwsCli.Format("aws iam update-role --role-name {0} --max-session-duration {1}", options.RoleName, duration));
            }

            steps.Add(Existing(RoleResource, options.RoleName, options, differences, commands));
        }

        foreach (var arn in options.ManagedPolicyArns)
        {
            steps.Add(observed.AttachedRolePolicyArns.Contains(arn, StringComparer.Ordinal)
                ? new(RolePolicyResource, arn, StepAction.Reuse, null, null)
                : new(RolePolicyResource, arn, StepAction.Create, null, AwsCli.Format("aws iam attach-role-policy --role-name {0} --policy-arn {1}", options.RoleName, arn)));
        }

        var aliasCommand = (string verb) => AwsCli.Format("aws iot {0} --role-alias {1} --role-arn {2} --credential-duration-seconds {3} --region {4}", verb, options.RoleAlias, roleArn, duration, region);
        if (observed.Alias is not { } alias)
        {
            steps.Add(new(AliasResource, options.RoleAlias, StepAction.Create, null, aliasCommand("create-role-alias")));
        }
        else
        {
            var differences = new List<string>();
            if (!string.Equals(alias.RoleArn, roleArn, StringComparison.Ordinal))
            {
                differences.Add($"it points at {alias.RoleArn}, not at {roleArn}");
            }

            if (alias.DurationSeconds != options.DurationSeconds)
            {
                differences.Add($"its credentialDurationSeconds is {alias.DurationSeconds.ToString(CultureInfo.InvariantCulture)}, provision wants {duration}");
            }

            steps.Add(Existing(AliasResource, options.RoleAlias, options, differences, differences.Count > 0 ? [aliasCommand("update-role-alias")] : []));
        }

        var document = PolicyDocuments.Device(AliasArn(options, observed), options.ThingPolicyVariables);
        if (observed.Policy is not { } policy)
        {
            steps.Add(new(PolicyResource, options.PolicyName, StepAction.Create, null, AwsCli.Format("aws iot create-policy --policy-name {0} --policy-document {1} --region {2}", options.PolicyName, document, region)));
        }
        else
        {
            var same = PolicyDocuments.Same(policy.Document, document);
            steps.Add(Existing(
                PolicyResource,
                options.PolicyName,
                options,
                same ? [] : [$"its document is {PolicyDocuments.Compact(policy.Document)}, provision wants {document}"],
                same ? [] : [AwsCli.Format("aws iot create-policy-version --policy-name {0} --policy-document {1} --set-as-default --region {2}", options.PolicyName, document, region)]));
        }

        steps.Add(observed.ThingExists
            ? new(ThingResource, options.ThingName, StepAction.Reuse, null, null)
            : new(ThingResource, options.ThingName, StepAction.Create, null, AwsCli.Format("aws iot create-thing --thing-name {0} --region {1}", options.ThingName, region)));

        if (options.ThingGroup is { } group)
        {
            steps.Add(observed.ThingGroupExists == true
                ? new(GroupResource, group, StepAction.Reuse, null, null)
                : new(GroupResource, group, StepAction.Create, null, AwsCli.Format("aws iot create-thing-group --thing-group-name {0} --region {1}", group, region)));
            steps.Add(observed.ThingGroups.Contains(group, StringComparer.Ordinal)
                ? new(MembershipResource, $"{options.ThingName} in {group}", StepAction.Reuse, null, null)
                : new(MembershipResource, $"{options.ThingName} in {group}", StepAction.Create, null, AwsCli.Format("aws iot add-thing-to-thing-group --thing-group-name {0} --thing-name {1} --region {2}", group, options.ThingName, region)));
        }

        var certificatePath = Path.Combine(options.OutDirectory, DeviceFiles.CertificateFile);
        var attached = observed.LocalCertificateId is { } id && observed.ThingPrincipals.Any(p => p.EndsWith(":cert/" + id, StringComparison.Ordinal));
        if (observed.LocalCertificateId is { } local)
        {
            // A certificate already in --out is this device's (a run that stopped before attaching it): it is attached,
            // never replaced, so its key stays the one the device has.
            steps.Add(new(CertificateResource, local, StepAction.Reuse, attached ? null : $"{certificatePath} is not attached to thing {options.ThingName} yet", null));
        }
        else
        {
            steps.Add(new(CertificateResource, "new", StepAction.Create, null, options.CreateKeysAndCertificate
                ? AwsCli.Format("aws iot create-keys-and-certificate --set-as-active --certificate-pem-outfile {0} --private-key-outfile {1} --region {2}", certificatePath, Path.Combine(options.OutDirectory, DeviceFiles.PrivateKeyFile), region)
                : AwsCli.Format("aws iot create-certificate-from-csr --certificate-signing-request file://device.csr --set-as-active --region {0}", region)));
        }

        steps.Add(attached && observed.LocalCertificatePolicies.Contains(options.PolicyName, StringComparer.Ordinal)
            ? new(PolicyAttachmentResource, $"{options.PolicyName} on the certificate", StepAction.Reuse, null, null)
            : new(PolicyAttachmentResource, $"{options.PolicyName} on the certificate", StepAction.Create, null, AwsCli.Format("aws iot attach-policy --policy-name {0} --target CERTIFICATE_ARN --region {1}", options.PolicyName, region)));
        steps.Add(attached
            ? new(PrincipalAttachmentResource, $"certificate on {options.ThingName}", StepAction.Reuse, null, null)
            : new(PrincipalAttachmentResource, $"certificate on {options.ThingName}", StepAction.Create, null, AwsCli.Format("aws iot attach-thing-principal --thing-name {0} --principal CERTIFICATE_ARN --region {1}", options.ThingName, region)));
        steps.Add(new(FilesResource, options.OutDirectory, attached ? StepAction.Reuse : StepAction.Create, null, null));
        return steps;
    }

    /// <summary>The role's maximum session: one hour unless the alias asks for more.</summary>
    public static int MaxSession(ProvisionOptions options) => Math.Max(3600, options.DurationSeconds);

    private static PlanStep Existing(string resource, string name, ProvisionOptions options, List<string> differences, IReadOnlyList<string> commands) =>
        differences.Count == 0
            ? new(resource, name, StepAction.Reuse, null, null)
            : new(resource, name, options.Update ? StepAction.Update : StepAction.Differs, string.Join("; ", differences), string.Join(" && ", commands));
}
