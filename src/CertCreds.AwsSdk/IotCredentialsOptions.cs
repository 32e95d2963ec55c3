namespace CertCreds.AwsSdk;

/// <summary>
/// Where to ask for credentials and which device identity to ask with. The same settings as
/// <c>certcreds credential-process</c>; files are read on every refresh, so a rotated certificate is picked up.
/// </summary>
public sealed class IotCredentialsOptions
{
    /// <summary>
    /// The account's credentials endpoint, <c>HOST</c> or <c>HOST:PORT</c>
    /// (<c>aws iot describe-endpoint --endpoint-type iot:CredentialProvider</c>). Required.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>The IoT role alias whose role the credentials are for. Required.</summary>
    public string? RoleAlias { get; set; }

    /// <summary>
    /// The device certificate: PEM (leaf first, then any intermediates) or DER; or a PKCS#12 file holding
    /// certificate and key when <see cref="PrivateKeyPath"/> is null. Required.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key (PKCS#1, PKCS#8, SEC1 or encrypted PKCS#8). Null for a PKCS#12 <see cref="CertificatePath"/>.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>Password of an encrypted private key or PKCS#12 file. Never logged or put in a message.</summary>
    public string? PrivateKeyPassword { get; set; }

    /// <summary>
    /// CA certificates (PEM) the endpoint's certificate must chain to. Null: the Amazon Trust Services roots
    /// built into the library, which is right for AWS endpoints.
    /// </summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>Sent as <c>x-amzn-iot-thingname</c>, for role policies that use <c>credentials-iot:ThingName</c>. Optional.</summary>
    public string? ThingName { get; set; }

    /// <summary>Deadline for one refresh, retries of 429/5xx/network failures included. Default 10 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
