using Amazon.RuntimeDependencies;
using Amazon.SSO;
using Amazon.SSOOIDC;

namespace CertCreds.Provisioning.Aws;

/// <summary>
/// Native AOT cannot let AWSSDK.Core load the SSO clients by reflection, so SSO profiles would fail; the SDK's
/// registry takes factories for them instead. Both clients are anonymous by design (SSO authenticates with the
/// cached bearer token). The registry is the SDK's process-wide one; registering twice replaces the same factory.
/// STS is not registered: the registry's factory cannot receive an assume-role profile's source credentials, so
/// the SDK's own construction of it is kept.
/// </summary>
internal static class SdkClients
{
    public static void Register()
    {
        GlobalRuntimeDependencyRegistry.Instance.RegisterSSOClient(context =>
            new AmazonSSOClient(new Amazon.Runtime.AnonymousAWSCredentials(), context.SSOClientContextData.Region));
        GlobalRuntimeDependencyRegistry.Instance.RegisterSSOOIDCClient(context =>
            new AmazonSSOOIDCClient(new Amazon.Runtime.AnonymousAWSCredentials(), context.SSOOIDCClientContextData.Region));
    }
}
