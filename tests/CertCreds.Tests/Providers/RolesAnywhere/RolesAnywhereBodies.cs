using System.Globalization;
using CertCreds.Testing;

namespace CertCreds.Tests.Providers.RolesAnywhere;

/// <summary>CreateSession answers shaped as the service sends them, with the fake secrets of <see cref="ProviderBodies"/>.</summary>
internal static class RolesAnywhereBodies
{
    public static string Created(DateTimeOffset expiration) => Created(
        "{\"accessKeyId\":\"" + ProviderBodies.AccessKeyId + "\",\"secretAccessKey\":\"" + ProviderBodies.Secret + "\",\"sessionToken\":\"" + ProviderBodies.Token +
        "\",\"expiration\":\"" + expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + "\"}");

    public static string Created(string credentialsObject) =>
        "{\"credentialSet\":[{\"assumedRoleUser\":{\"arn\":\"arn:aws:sts::123456789012:assumed-role/device-role/session\",\"assumedRoleId\":\"AROAEXAMPLE:session\"},"
        + "\"credentials\":" + credentialsObject + ",\"packedPolicySize\":0,\"roleArn\":\"arn:aws:iam::123456789012:role/device-role\",\"sourceIdentity\":\"CN=client1\"}],"
        + "\"subjectArn\":\"arn:aws:rolesanywhere:eu-west-1:123456789012:subject/41cl0bae-6783-40d4-ab20-65dc5d922e45\"}";

    public static string Error(string message) => "{\"message\":\"" + message + "\"}";
}
