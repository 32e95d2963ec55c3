using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace CertCreds.EndToEnd.RolesAnywhere;

/// <summary>
/// The Roles Anywhere side of an emulator state folder, as a user finds it: <c>roles-anywhere.json</c> (endpoint,
/// region, the three ARNs), the devices <c>ra-client1</c> (RSA) and <c>ra-client2</c> (EC P-256) whose certificates
/// are issued by an intermediate CA (so <c>--intermediates</c> is needed), and <c>AmazonRootCA1.pem</c>, the root of
/// the emulator's server certificate.
/// </summary>
internal sealed record RolesAnywhereTarget(string StateDirectory, string Endpoint, string Region, string TrustAnchorArn, string ProfileArn, string RoleArn)
{
    public const string RsaDevice = "ra-client1";
    public const string EcDevice = "ra-client2";

    /// <summary>A role the emulator knows (the IoT one) that the Roles Anywhere profile does not list.</summary>
    public const string RoleNotInProfile = "arn:aws:iam::123456789012:role/iot-roles-anywhere-role";

    public static TheoryData<string> Devices => new() { RsaDevice, EcDevice };

    /// <summary>The emulator's server root: not an Amazon root, so every command line here adds <c>--ca-cert</c>.</summary>
    public string CaFile => Path.Combine(StateDirectory, "AmazonRootCA1.pem");

    public string RoleName => RoleArn[(RoleArn.LastIndexOf('/') + 1)..];

    public static RolesAnywhereTarget Read(string stateDirectory)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(stateDirectory, "roles-anywhere.json")));
        string Field(string name) => json.RootElement.GetProperty(name).GetString()!;
        return new RolesAnywhereTarget(stateDirectory, Field("endpoint"), Field("region"), Field("trustAnchorArn"), Field("profileArn"), Field("roleArn"));
    }

    public string CertificateFile(string device) => Path.Combine(StateDirectory, device, "certificate.pem.crt");

    public string PrivateKeyFile(string device) => Path.Combine(StateDirectory, device, "private.pem.key");

    public string IntermediatesFile(string device) => Path.Combine(StateDirectory, device, "intermediates.pem.crt");

    /// <summary>The leaf's serial number as the emulator names sessions: lower-case hex.</summary>
    public string SerialNumber(string device)
    {
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(CertificateFile(device)));
        return certificate.SerialNumber.ToLowerInvariant();
    }

    /// <summary>What STS (moto) answers for credentials the emulator obtained by sts:AssumeRole for this device.</summary>
    public string AssumedRoleArn(string device) => $"arn:aws:sts::123456789012:assumed-role/{RoleName}/{SerialNumber(device)}";

    /// <summary>certcreds' Roles Anywhere identity options for <paramref name="device"/>, the endpoint as <c>localhost:PORT</c>.</summary>
    public string[] Arguments(string device) =>
    [
        "--certificate", CertificateFile(device),
        "--private-key", PrivateKeyFile(device),
        "--intermediates", IntermediatesFile(device),
        "--trust-anchor-arn", TrustAnchorArn,
        "--profile-arn", ProfileArn,
        "--role-arn", RoleArn,
        "--endpoint", Endpoint,
        "--ca-cert", CaFile,
    ];

    /// <summary>
    /// aws_signing_helper's own flags, in the order its documentation writes them, with the endpoint as the URL it
    /// takes. Callers add <c>--ca-cert</c>: the emulator's server root is not one of the Amazon roots certcreds trusts
    /// for Roles Anywhere by default (against AWS the line needs nothing added).
    /// </summary>
    public string[] SigningHelperArguments(string device) =>
    [
        "--certificate", CertificateFile(device),
        "--private-key", PrivateKeyFile(device),
        "--intermediates", IntermediatesFile(device),
        "--trust-anchor-arn", TrustAnchorArn,
        "--profile-arn", ProfileArn,
        "--role-arn", RoleArn,
        "--endpoint", "https://" + Endpoint,
        "--session-duration", "3600",
    ];

    /// <summary>A <c>credential_process</c> value: the binary and every path double-quoted, as botocore's shlex and sh both split it.</summary>
    public static string CredentialProcessLine(string binary, IEnumerable<string> args) =>
        string.Join(' ', args.Prepend(binary).Select(a => a.StartsWith('/') ? $"\"{a}\"" : a));
}
