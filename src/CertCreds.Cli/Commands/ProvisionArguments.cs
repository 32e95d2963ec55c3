using System.CommandLine;
using CertCreds.Cli.AwsFiles;
using CertCreds.Cli.Options;
using CertCreds.Errors;
using CertCreds.Sources;

namespace CertCreds.Cli.Commands;

/// <summary>Validation shared by <c>provision</c> and <c>deprovision</c>: region and resource names, checked before any call.</summary>
internal static class ProvisionArguments
{
    public static string Region(string? given, Func<string, string?> environment)
    {
        var region = given ?? environment("AWS_REGION") ?? environment("AWS_DEFAULT_REGION");
        if (string.IsNullOrEmpty(region))
        {
            throw new UsageException("no AWS region given", "pass --region REGION (e.g. eu-west-1) or set AWS_REGION");
        }

        var parts = region.Split('-');
        if (parts.Length < 3 || !parts.All(p => p.Length > 0 && (p.All(char.IsAsciiLetterLower) || p.All(char.IsAsciiDigit))) || !parts[^1].All(char.IsAsciiDigit))
        {
            throw new UsageException($"'{TerminalText.Escape(region)}' is not an AWS region name", "pass --region like eu-west-1 or us-east-1");
        }

        return region;
    }

    /// <summary>A resource name: 1..<paramref name="max"/> letters, digits and <paramref name="extra"/>, as the AWS API accepts them.</summary>
    public static string Name(string value, string option, int max, string extra)
    {
        if (value.Length is 0 || value.Length > max || !value.All(c => char.IsAsciiLetterOrDigit(c) || extra.Contains(c, StringComparison.Ordinal)))
        {
            throw new UsageException($"{option} '{TerminalText.Escape(value)}' is not a valid name", $"use 1-{max} letters, digits and {string.Join(' ', extra.ToCharArray())}");
        }

        return value;
    }

    /// <summary>Fetch settings for the provisioned identity, through the same option parsing as every other verb.</summary>
    public static CredentialSettings Settings(string[] identityArguments, CliContext context)
    {
        var identity = new IdentityArguments();
        var command = new Command("provisioned");
        identity.AddTo(command);
        var parsed = command.Parse(identityArguments);
        return ProfileCommandLine.Absolute(identity.Resolve(parsed, name => name.StartsWith("CERTCREDS_", StringComparison.Ordinal) ? null : context.GetEnvironmentVariable(name)), context.WorkingDirectory);
    }
}
