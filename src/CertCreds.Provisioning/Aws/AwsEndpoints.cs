using CertCreds.Errors;

namespace CertCreds.Provisioning.Aws;

/// <summary>
/// Where each service is called: <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, else <c>AWS_ENDPOINT_URL</c>, else the
/// service's public endpoint — the order the AWS SDKs use (tests point these at moto).
/// </summary>
internal static class AwsEndpoints
{
    public static Uri For(string service, string region, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var variable = "AWS_ENDPOINT_URL_" + service.ToUpperInvariant();
        var given = environment(variable);
        var source = variable;
        if (string.IsNullOrEmpty(given))
        {
            given = environment("AWS_ENDPOINT_URL");
            source = "AWS_ENDPOINT_URL";
        }

        if (string.IsNullOrEmpty(given))
        {
            return new Uri(service == "iam" ? "https://iam.amazonaws.com" : $"https://{service}.{region}.amazonaws.com");
        }

        if (!Uri.TryCreate(given, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"{source} is not an http(s) URL: '{TerminalText.Escape(given)}'", $"set {source} to e.g. http://127.0.0.1:5000, or unset it");
        }

        return uri;
    }
}
