using CertCreds.Provisioning.Iam;
using CertCreds.Provisioning.Iot;

namespace CertCreds.Provisioning.Planning;

/// <summary>What exists in the account (and in --out) before provisioning: the input of <see cref="Planner"/>.</summary>
/// <param name="LocalCertificateId">The IoT certificate ID of the certificate already in --out (SHA-256 of its DER), if any.</param>
/// <param name="ThingGroups">Groups the thing is already in.</param>
/// <param name="AttachedRolePolicyArns">Managed policies already attached to the role (empty when the role is new).</param>
/// <param name="LocalCertificatePolicies">IoT policies attached to the local certificate, when it is attached to the thing.</param>
internal sealed record Observed(
    IamRole? Role,
    IReadOnlyList<string> AttachedRolePolicyArns,
    RoleAlias? Alias,
    IotPolicy? Policy,
    bool ThingExists,
    bool? ThingGroupExists,
    IReadOnlyList<string> ThingGroups,
    IReadOnlyList<string> ThingPrincipals,
    string? LocalCertificateId,
    IReadOnlyList<string> LocalCertificatePolicies);
