using Amazon;
using Amazon.Extensions.NETCore.Setup;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using CertCreds.AwsSdk;
using CertCreds.Emulator.State;
using Microsoft.Extensions.DependencyInjection;

namespace CertCreds.Tests.AwsSdk;

/// <summary>
/// The library as an application uses it: an AWS SDK client built with <see cref="IotCredentials"/>, against the
/// emulator whose credentials come from moto's STS, with moto checking every signature.
/// </summary>
public sealed class IotCredentialsAgainstMotoTests(SignedMotoEmulator world) : IClassFixture<SignedMotoEmulator>
{
    private AmazonSecurityTokenServiceClient StsClient(IotCredentials credentials) =>
        new(credentials, new AmazonSecurityTokenServiceConfig { ServiceURL = world.StsEndpoint.ToString(), AuthenticationRegion = "us-east-1" });

    [Fact]
    public async Task An_sts_client_with_the_device_credentials_is_the_role_of_the_alias()
    {
        using var credentials = new IotCredentials(world.Options());
        using var sts = StsClient(credentials);

        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        var certificateId = world.State.Thing(EmulatorStateDirectory.SeedThingName).CertificateId;
        Assert.EndsWith($":assumed-role/iot-roles-anywhere-role/{certificateId}", identity.Arn, StringComparison.Ordinal);
        Assert.Equal(1, credentials.ProviderRequests);
    }

    [Fact]
    public async Task Twenty_five_concurrent_sdk_calls_on_a_cold_start_make_one_provider_request()
    {
        var before = world.Server.Requests.Count;
        using var credentials = new IotCredentials(world.Options());
        using var sts = StsClient(credentials);
        using var start = new ManualResetEventSlim();

        var calls = Enumerable.Range(0, 25).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        })).ToArray();
        start.Set();
        var answers = await Task.WhenAll(calls);

        Assert.All(answers, answer => Assert.Contains(":assumed-role/iot-roles-anywhere-role/", answer.Arn, StringComparison.Ordinal));
        Assert.Equal(1, credentials.ProviderRequests);
        Assert.Equal(before + 1, world.Server.Requests.Count);
    }

    [Fact]
    public async Task Credentials_obtained_once_are_reused_by_later_calls()
    {
        using var credentials = new IotCredentials(world.Options());
        using var sts = StsClient(credentials);

        for (var i = 0; i < 3; i++)
        {
            await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        }

        Assert.Equal(1, credentials.ProviderRequests);
        Assert.NotNull(credentials.Expiration);
    }

    [Fact]
    public async Task A_client_from_dependency_injection_with_aws_options_credentials_is_the_role_of_the_alias()
    {
        var services = new ServiceCollection();
        services.AddSingleton<AWSCredentials>(_ => new IotCredentials(world.Options()));
        services.AddDefaultAWSOptions(provider => new AWSOptions
        {
            Credentials = provider.GetRequiredService<AWSCredentials>(),
            Region = RegionEndpoint.USEast1,
            DefaultClientConfig = { ServiceURL = world.StsEndpoint.ToString() },
        });
        services.AddAWSService<IAmazonSecurityTokenService>();
        await using var provider = services.BuildServiceProvider();

        var sts = provider.GetRequiredService<IAmazonSecurityTokenService>();
        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Contains(":assumed-role/iot-roles-anywhere-role/", identity.Arn, StringComparison.Ordinal);
        Assert.Equal(1, ((IotCredentials)provider.GetRequiredService<AWSCredentials>()).ProviderRequests);
    }
}
