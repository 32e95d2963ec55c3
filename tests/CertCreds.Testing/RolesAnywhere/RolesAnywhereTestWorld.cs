using System.Security.Cryptography.X509Certificates;
using CertCreds.Emulator.Pki;
using CertCreds.Emulator.Registry;

namespace CertCreds.Testing.RolesAnywhere;

/// <summary>
/// A Roles Anywhere PKI made at run time (root CA → intermediate CA → RSA and EC devices, plus a stranger issued by
/// an unrelated CA) and the registry that trusts it: one anchor holding the root, one enabled profile, one role
/// trusting the service. Expensive keys are made once per instance; use it as a class fixture.
/// </summary>
public sealed class RolesAnywhereTestWorld : IDisposable
{
    public const string TrustAnchorArn = "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/0b6c3b5e-7a58-4c4f-9d65-0d1b3c2a9f10";
    public const string ProfileArn = "arn:aws:rolesanywhere:us-east-1:123456789012:profile/6f1d2e3c-4b5a-4978-8c6d-5e4f3a2b1c0d";
    public const string RoleArn = "arn:aws:iam::123456789012:role/roles-anywhere-role";
    public const string OtherRoleArn = "arn:aws:iam::123456789012:role/not-in-profile";

    public RolesAnywhereTestWorld()
    {
        Root = EmulatorPki.CreateRootCa("test Roles Anywhere root");
        Intermediate = EmulatorPki.CreateIntermediateCa(Root, "test Roles Anywhere intermediate");
        RsaDevice = EmulatorPki.IssueDeviceCertificate(Intermediate, DeviceKeyType.Rsa2048, "CN=test ra rsa device");
        EcDevice = EmulatorPki.IssueDeviceCertificate(Intermediate, DeviceKeyType.EcdsaP256, "CN=test ra ec device");
        using var strangerCa = EmulatorPki.CreateRootCa("unrelated CA");
        Stranger = EmulatorPki.IssueDeviceCertificate(strangerCa, DeviceKeyType.EcdsaP256, "CN=stranger");
    }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Intermediate { get; }

    public X509Certificate2 RsaDevice { get; }

    public X509Certificate2 EcDevice { get; }

    /// <summary>A device certificate whose issuer no trust anchor holds.</summary>
    public X509Certificate2 Stranger { get; }

    public RegistryDocument Registry()
    {
        var document = new RegistryDocument();
        document.TrustAnchors.Add(new TrustAnchorEntry { Name = "anchor", Arn = TrustAnchorArn, CertificateBundle = Root.ExportCertificatePem(), Enabled = true });
        var profile = new ProfileEntry { Name = "profile", Arn = ProfileArn, DurationSeconds = 3600, Enabled = true };
        profile.RoleArns.Add(RoleArn);
        document.Profiles.Add(profile);
        document.Roles.Add(new RoleEntry { Arn = RoleArn, TrustsCredentialsProvider = false, TrustsRolesAnywhere = true, MaxSessionDurationSeconds = 3600 });
        document.Roles.Add(new RoleEntry { Arn = OtherRoleArn, TrustsCredentialsProvider = false, TrustsRolesAnywhere = true, MaxSessionDurationSeconds = 3600 });
        return document;
    }

    /// <summary>A correct request for the seed ARNs, signed at <paramref name="now"/> with the intermediate sent along.</summary>
    public SessionSigningOptions Options(DateTimeOffset now) => new()
    {
        TrustAnchorArn = TrustAnchorArn,
        ProfileArn = ProfileArn,
        RoleArn = RoleArn,
        Date = now,
        Intermediates = [Intermediate],
    };

    public void Dispose()
    {
        Root.Dispose();
        Intermediate.Dispose();
        RsaDevice.Dispose();
        EcDevice.Dispose();
        Stranger.Dispose();
    }
}
