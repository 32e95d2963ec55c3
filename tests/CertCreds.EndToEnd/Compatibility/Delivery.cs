namespace CertCreds.EndToEnd.Compatibility;

/// <summary>The four ways certcreds hands credentials to an AWS client: the columns of the README's table.</summary>
public enum Delivery
{
    /// <summary>A profile with <c>credential_process</c>, written by <c>certcreds configure</c>.</summary>
    CredentialProcess,

    /// <summary>Static keys in the credentials file, written by <c>certcreds update --once</c>.</summary>
    CredentialsFile,

    /// <summary><c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c> + token, from <c>certcreds serve</c> (and <c>exec</c>).</summary>
    ContainerEndpoint,

    /// <summary><c>AWS_EC2_METADATA_SERVICE_ENDPOINT</c>, from <c>certcreds serve</c>.</summary>
    Imds,
}
