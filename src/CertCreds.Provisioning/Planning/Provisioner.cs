using CertCreds.Errors;
using CertCreds.Provisioning.Iam;
using CertCreds.Provisioning.Iot;

namespace CertCreds.Provisioning.Planning;

/// <summary>
/// Looks at the account (<see cref="ObserveAsync"/>), then carries out a <see cref="Planner"/> plan step by step
/// (<see cref="ApplyAsync"/>). Every step is create-or-reuse, so a run that stopped half-way is finished by the next
/// one; a plan with a difference and no --update changes nothing at all. Progress goes to <c>report</c>, one line
/// per change, never a secret.
/// </summary>
internal sealed class Provisioner(IotClient iot, IamClient iam, Action<string> report)
{
    public async Task<Observed> ObserveAsync(ProvisionOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var role = await iam.GetRoleAsync(options.RoleName, cancellationToken).ConfigureAwait(false);
        var attached = role is not null && options.ManagedPolicyArns.Count > 0
            ? await iam.ListAttachedRolePolicyArnsAsync(options.RoleName, cancellationToken).ConfigureAwait(false)
            : [];
        var alias = await iot.DescribeRoleAliasAsync(options.RoleAlias, cancellationToken).ConfigureAwait(false);
        var policy = await iot.GetPolicyAsync(options.PolicyName, cancellationToken).ConfigureAwait(false);
        var thing = await iot.DescribeThingAsync(options.ThingName, cancellationToken).ConfigureAwait(false);
        bool? groupExists = options.ThingGroup is { } group ? await iot.ThingGroupExistsAsync(group, cancellationToken).ConfigureAwait(false) : null;
        var groups = thing is not null && options.ThingGroup is not null ? await iot.ListThingGroupsForThingAsync(options.ThingName, cancellationToken).ConfigureAwait(false) : [];
        var principals = thing is not null ? await iot.ListThingPrincipalsAsync(options.ThingName, cancellationToken).ConfigureAwait(false) : [];
        var localDer = DeviceFiles.LocalCertificate(options.OutDirectory);
        var localId = localDer is null ? null : DeviceFiles.LocalCertificateId(options.OutDirectory);
        var localArn = localId is null ? null : principals.FirstOrDefault(p => p.EndsWith(":cert/" + localId, StringComparison.Ordinal));
        if (localDer is not null && localArn is null)
        {
            // AWS names a certificate by the SHA-256 of its DER, but an emulator may not (moto hashes the PEM text):
            // compare the thing's certificates themselves before deciding that the local one is not attached.
            foreach (var principal in principals.Where(p => p.Contains(":cert/", StringComparison.Ordinal)))
            {
                var id = principal[(principal.IndexOf(":cert/", StringComparison.Ordinal) + ":cert/".Length)..];
                if (await iot.DescribeCertificatePemAsync(id, cancellationToken).ConfigureAwait(false) is { } pem && DeviceFiles.SameCertificate(pem, localDer))
                {
                    (localId, localArn) = (id, principal);
                    break;
                }
            }
        }

        var certificatePolicies = localArn is null ? [] : await iot.ListAttachedPoliciesAsync(localArn, cancellationToken).ConfigureAwait(false);
        return new Observed(role, attached, alias, policy, thing is not null, groupExists, groups, principals, localId, certificatePolicies);
    }

    public async Task<ProvisionOutcome> ApplyAsync(ProvisionOptions options, Observed observed, IReadOnlyList<PlanStep> plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(plan);
        var differing = plan.Where(s => s.Action == StepAction.Differs).ToList();
        if (differing.Count > 0)
        {
            throw new UsageException(
                $"{differing.Count} existing resource(s) differ from what provision would make, nothing was changed: " + string.Join("; ", differing.Select(s => $"{s.Resource} {s.Name}: {s.Difference}")),
                "run again with --update to change them, or pass options that match them (see --dry-run)");
        }

        StepAction Action(string resource, string? name = null) => plan.First(s => s.Resource == resource && (name is null || s.Name == name)).Action;

        // IAM role.
        var roleArn = Planner.RoleArn(options, observed);
        var trust = PolicyDocuments.Trust();
        switch (Action(Planner.RoleResource))
        {
            case StepAction.Create:
                roleArn = await iam.CreateRoleAsync(options.RoleName, trust, Planner.MaxSession(options), cancellationToken).ConfigureAwait(false);
                report($"created IAM role {options.RoleName} (trusts {PolicyDocuments.CredentialsService} only)");
                break;
            case StepAction.Update:
                if (!PolicyDocuments.Same(observed.Role!.TrustPolicy, trust))
                {
                    await iam.UpdateAssumeRolePolicyAsync(options.RoleName, trust, cancellationToken).ConfigureAwait(false);
                }

                if (observed.Role.MaxSessionDuration < options.DurationSeconds)
                {
                    await iam.UpdateMaxSessionDurationAsync(options.RoleName, options.DurationSeconds, cancellationToken).ConfigureAwait(false);
                }

                report($"updated IAM role {options.RoleName}");
                break;
        }

        foreach (var arn in options.ManagedPolicyArns.Where(arn => Action(Planner.RolePolicyResource, arn) == StepAction.Create))
        {
            await iam.AttachRolePolicyAsync(options.RoleName, arn, cancellationToken).ConfigureAwait(false);
            report($"attached {arn} to IAM role {options.RoleName}");
        }

        // Role alias, then the policy that names its ARN.
        var aliasArn = observed.Alias?.Arn ?? string.Empty;
        switch (Action(Planner.AliasResource))
        {
            case StepAction.Create:
                aliasArn = await iot.CreateRoleAliasAsync(options.RoleAlias, roleArn, options.DurationSeconds, cancellationToken).ConfigureAwait(false);
                report($"created IoT role alias {options.RoleAlias} ({options.DurationSeconds} s)");
                break;
            case StepAction.Update:
                await iot.UpdateRoleAliasAsync(options.RoleAlias, roleArn, options.DurationSeconds, cancellationToken).ConfigureAwait(false);
                report($"updated IoT role alias {options.RoleAlias}");
                break;
        }

        var document = PolicyDocuments.Device(aliasArn, options.ThingPolicyVariables);
        switch (Action(Planner.PolicyResource))
        {
            case StepAction.Create:
                await iot.CreatePolicyAsync(options.PolicyName, document, cancellationToken).ConfigureAwait(false);
                report($"created IoT policy {options.PolicyName} (iot:AssumeRoleWithCertificate on {aliasArn} only)");
                break;
            case StepAction.Update:
                await iot.CreatePolicyVersionAsync(options.PolicyName, document, cancellationToken).ConfigureAwait(false);
                report($"updated IoT policy {options.PolicyName} (new default version)");
                break;
        }

        if (Action(Planner.ThingResource) == StepAction.Create)
        {
            await iot.CreateThingAsync(options.ThingName, cancellationToken).ConfigureAwait(false);
            report($"created IoT thing {options.ThingName}");
        }

        if (options.ThingGroup is { } group)
        {
            if (Action(Planner.GroupResource) == StepAction.Create)
            {
                await iot.CreateThingGroupAsync(group, cancellationToken).ConfigureAwait(false);
                report($"created IoT thing group {group}");
            }

            if (Action(Planner.MembershipResource) == StepAction.Create)
            {
                await iot.AddThingToThingGroupAsync(group, options.ThingName, cancellationToken).ConfigureAwait(false);
                report($"added {options.ThingName} to thing group {group}");
            }
        }

        var (certificateId, certificateArn) = await CertificateAsync(options, observed, roleArn, Action(Planner.CertificateResource), cancellationToken).ConfigureAwait(false);
        if (Action(Planner.PolicyAttachmentResource) == StepAction.Create)
        {
            await iot.AttachPolicyAsync(options.PolicyName, certificateArn, cancellationToken).ConfigureAwait(false);
            report($"attached IoT policy {options.PolicyName} to certificate {certificateId}");
        }

        if (Action(Planner.PrincipalAttachmentResource) == StepAction.Create)
        {
            await iot.AttachThingPrincipalAsync(options.ThingName, certificateArn, cancellationToken).ConfigureAwait(false);
            report($"attached certificate {certificateId} to thing {options.ThingName}");
        }

        var endpoint = await iot.DescribeCredentialsEndpointAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(endpoint))
        {
            throw new InvalidResponseException("IoT DescribeEndpoint answered without an endpointAddress", "run the command again; the resources made so far are reused");
        }

        return new ProvisionOutcome(endpoint, options.RoleAlias, options.ThingName, Path.Combine(options.OutDirectory, DeviceFiles.CertificateFile), Path.Combine(options.OutDirectory, DeviceFiles.PrivateKeyFile), certificateId);
    }

    /// <summary>The certificate to attach: the one already in --out when the thing has it, else a new one whose files are written before anything is attached, so a key is never lost.</summary>
    private async Task<(string Id, string Arn)> CertificateAsync(ProvisionOptions options, Observed observed, string roleArn, StepAction action, CancellationToken cancellationToken)
    {
        if (action == StepAction.Reuse)
        {
            DeviceFiles.EnsureRoot(options.OutDirectory);
            var id = observed.LocalCertificateId!;
            var account = roleArn.Split(':') is { Length: > 4 } parts ? parts[4] : string.Empty;
            var arn = observed.ThingPrincipals.FirstOrDefault(p => p.EndsWith(":cert/" + id, StringComparison.Ordinal)) ?? $"arn:aws:iot:{options.Region}:{account}:cert/{id}";
            return (id, arn);
        }

        IssuedCertificate issued;
        if (options.CreateKeysAndCertificate)
        {
            issued = await iot.CreateKeysAndCertificateAsync(cancellationToken).ConfigureAwait(false);
            DeviceFiles.Write(options.OutDirectory, issued.CertificatePem, issued.PrivateKeyPem);
            report($"created certificate {issued.Id} and its key (CreateKeysAndCertificate); wrote {options.OutDirectory}");
        }
        else
        {
            using var key = new DeviceKey();
            issued = await iot.CreateCertificateFromCsrAsync(key.CreateCsr(options.ThingName), cancellationToken).ConfigureAwait(false);
            key.CheckMatches(issued.CertificatePem);
            DeviceFiles.Write(options.OutDirectory, issued.CertificatePem, key.PrivateKeyPem());
            report($"created certificate {issued.Id} from a key made on this machine (CreateCertificateFromCsr); wrote {options.OutDirectory}");
        }

        return (issued.Id, issued.Arn);
    }
}
