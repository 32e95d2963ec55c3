using System.Security.Cryptography.X509Certificates;
using CertCreds.Certificates;

namespace CertCreds.EndToEnd;

/// <summary>Names the emulator's seed world uses: the seed article's own.</summary>
internal static class SeedWorld
{
    public const string RoleAlias = "alias-for-roles-anywhere";
    public const string RoleName = "iot-roles-anywhere-role";
    public const string Thing = "client1";
    public const string Account = "123456789012";
    public const string Profile = "iotrolesanywhere";

    public static string CertificateId(string certificatePath)
    {
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
        return DeviceIdentity.ComputeCertificateId(certificate);
    }

    public static string AssumedRoleArn(string certificatePath) =>
        $"arn:aws:sts::{Account}:assumed-role/{RoleName}/{CertificateId(certificatePath)}";

    /// <summary>A credential_process line that works under botocore's shlex split and under sh -c: absolute, double-quoted paths.</summary>
    public static string CredentialProcessLine(string binary, string endpoint, string certificate, string key, string ca, string? thing = Thing) =>
        $"\"{binary}\" credential-process --endpoint {endpoint} --role-alias {RoleAlias} --certificate \"{certificate}\" --private-key \"{key}\" --ca-cert \"{ca}\""
        + (thing is null ? string.Empty : $" --thing-name {thing}");
}
