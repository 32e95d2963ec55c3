using CertCreds.Cli.Serving;
using CertCreds.Serving;

namespace CertCreds.Cli.Doctor;

/// <summary>
/// The <c>doctor</c> line about serve's variables in the current environment (after <c>eval "$(certcreds serve …)"</c>
/// or set by hand): an IMDS endpoint that AWS CLI v2 2.9 would refuse, and which clients cannot use what is set.
/// Absent when neither variable is set.
/// </summary>
internal static class ServeEnvironmentCheck
{
    public const string Name = "clients";

    private const string ImdsVariable = ServeProtocol.ImdsEndpointVariable;
    private const string FullUriVariable = ServeProtocol.FullUriVariable;

    public static CheckResult? Run(Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var imds = getEnvironmentVariable(ImdsVariable);
        var fullUri = getEnvironmentVariable(FullUriVariable);
        if (string.IsNullOrEmpty(imds) && string.IsNullOrEmpty(fullUri))
        {
            return null;
        }

        var ruby = new List<string>();
        if (!string.IsNullOrEmpty(imds))
        {
            if (!Uri.TryCreate(imds, UriKind.Absolute, out var endpoint) || endpoint.Scheme != Uri.UriSchemeHttp)
            {
                return CheckResult.Warn(Name, $"{ImdsVariable}={imds} is not an http:// URL, so no SDK can use it", "set it to the line certcreds serve prints (http://127.0.0.1:PORT/)");
            }

            if (!imds.EndsWith('/'))
            {
                return CheckResult.Warn(
                    Name,
                    $"{ImdsVariable}={imds} has no trailing slash: AWS CLI v2 before late 2024 (Debian 12's awscli 2.9) appends latest/api/token to it as it is and refuses to start",
                    $"end it with '/' ({imds}/), as certcreds serve prints it");
            }

            if (endpoint.Port == ClientCompatibility.RubyImdsPort)
            {
                // The Ruby SDK reaches this IMDS endpoint, whatever else is set.
                return CheckResult.Pass(Name, $"{ImdsVariable}={imds} on port 80 can be used by every client in the README's compatibility table");
            }

            ruby.Add($"connects to IMDS on port {ClientCompatibility.RubyImdsPort}, not {endpoint.Port}");
        }

        if (!string.IsNullOrEmpty(fullUri))
        {
            ruby.Add($"does not read {FullUriVariable}");
        }

        var set = string.Join(" and ", new[] { imds is { Length: > 0 } ? ImdsVariable : null, fullUri is { Length: > 0 } ? FullUriVariable : null }.OfType<string>());
        return CheckResult.Pass(Name, $"{set} can be used by every client in the README's compatibility table except the AWS SDK for Ruby 3.168, which {string.Join(" and ", ruby)}: for it use serve --port 80, a credential_process profile or the credentials file");
    }
}
