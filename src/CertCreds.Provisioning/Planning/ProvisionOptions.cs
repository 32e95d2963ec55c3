namespace CertCreds.Provisioning.Planning;

/// <summary>What <c>certcreds provision</c> was asked for, validated by the command.</summary>
/// <param name="CreateKeysAndCertificate">True: IoT makes the key (CreateKeysAndCertificate); false (default): the key is made here and only a CSR leaves the device.</param>
/// <param name="ManagedPolicyArns">Managed permission policies to attach to the role.</param>
internal sealed record ProvisionOptions(
    string Region,
    string ThingName,
    string RoleName,
    string RoleAlias,
    string PolicyName,
    string OutDirectory,
    int DurationSeconds,
    string? ThingGroup,
    bool ThingPolicyVariables,
    IReadOnlyList<string> ManagedPolicyArns,
    bool CreateKeysAndCertificate,
    bool Update);
