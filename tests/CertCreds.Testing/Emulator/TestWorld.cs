using CertCreds.Emulator.Registry;

namespace CertCreds.Testing.Emulator;

/// <summary>The seed article's world for a given certificate ID, as an in-memory registry document.</summary>
public static class TestWorld
{
    public const string Alias = "alias-for-roles-anywhere";
    public const string RoleArn = "arn:aws:iam::123456789012:role/iot-roles-anywhere-role";
    public const string Thing = "client1";
    public const string AliasArn = "arn:aws:iot:us-east-1:123456789012:rolealias/alias-for-roles-anywhere";

    public static RegistryDocument For(string certificateId)
    {
        var document = new RegistryDocument();
        document.Certificates.Add(new CertificateEntry { Id = certificateId, Status = CertificateStatus.Active });
        var thing = new ThingEntry { Name = Thing };
        thing.Certificates.Add(certificateId);
        document.Things.Add(thing);
        var policy = new PolicyEntry { Name = "policy" };
        policy.AllowedRoleAliasArns.Add(AliasArn);
        policy.Certificates.Add(certificateId);
        document.Policies.Add(policy);
        document.RoleAliases.Add(new RoleAliasEntry { Name = Alias, RoleArn = RoleArn, CredentialDurationSeconds = 3600 });
        document.Roles.Add(new RoleEntry { Arn = RoleArn, TrustsCredentialsProvider = true, MaxSessionDurationSeconds = 3600 });
        return document;
    }
}
