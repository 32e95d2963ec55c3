using System.Globalization;

namespace CertCreds.Testing;

/// <summary>Credentials-provider answer bodies as AWS sends them. The secrets are obviously fake markers tests can search output for.</summary>
public static class ProviderBodies
{
    public const string AccessKeyId = "ASIAQEXAMPLEKEY12345";
    public const string Secret = "SECRET-wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY";
    public const string Token = "TOKEN-IQoJb3JpZ2luX2VjEXAMPLE-session-token-value";

    public static string Success(DateTimeOffset expiration) =>
        "{\"credentials\":{\"accessKeyId\":\"" + AccessKeyId + "\",\"secretAccessKey\":\"" + Secret + "\",\"sessionToken\":\"" + Token +
        "\",\"expiration\":\"" + expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + "\"}}";

    public static string Error(string message) => "{\"message\":\"" + message + "\"}";
}
