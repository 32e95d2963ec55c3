// A .NET application that gets AWS credentials from its device certificate in-process, with CertCreds.AwsSdk,
// and asks STS who it is. Published with Native AOT. Usage:
//   IotCredentialsSample --endpoint HOST[:PORT] --role-alias NAME --certificate FILE --private-key FILE
//                        [--ca-cert FILE] [--thing-name NAME] [--sts-endpoint URL] [--region REGION]
using Amazon;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using CertCreds.AwsSdk;

var settings = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    settings[args[i]] = args[i + 1];
}

string? Setting(string name) => settings.TryGetValue(name, out var value) ? value : null;

try
{
    using var credentials = new IotCredentials(new IotCredentialsOptions
    {
        Endpoint = Setting("--endpoint"),
        RoleAlias = Setting("--role-alias"),
        CertificatePath = Setting("--certificate"),
        PrivateKeyPath = Setting("--private-key"),
        CaCertificatePath = Setting("--ca-cert"),
        ThingName = Setting("--thing-name"),
    });

    var config = new AmazonSecurityTokenServiceConfig();
    var region = Setting("--region") ?? Environment.GetEnvironmentVariable("AWS_REGION") ?? "us-east-1";
    if (Setting("--sts-endpoint") is { } stsEndpoint)
    {
        config.ServiceURL = stsEndpoint;
        config.AuthenticationRegion = region;
    }
    else
    {
        config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
    }

    using var sts = new AmazonSecurityTokenServiceClient(credentials, config);
    var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
    Console.WriteLine(identity.Arn);
    return 0;
}
catch (Exception e) when (e is CertificateCredentialsException or ArgumentException)
{
    Console.Error.WriteLine("IotCredentialsSample: " + e.Message);
    return 1;
}
