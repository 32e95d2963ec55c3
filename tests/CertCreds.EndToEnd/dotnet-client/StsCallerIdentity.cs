#:package AWSSDK.SecurityToken@4.0.101.10
#:property PublishAot=false

// Prints the caller's ARN using the .NET SDK's default credential chain (container endpoint or IMDS, from the
// environment the test sets); the STS endpoint URL is the first argument. Built once by the end-to-end tests.
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

var config = new AmazonSecurityTokenServiceConfig { ServiceURL = args[0], AuthenticationRegion = "us-east-1" };
using var client = new AmazonSecurityTokenServiceClient(config);
var identity = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest()).ConfigureAwait(false);
Console.WriteLine(identity.Arn);
