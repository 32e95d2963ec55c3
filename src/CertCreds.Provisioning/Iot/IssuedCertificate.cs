namespace CertCreds.Provisioning.Iot;

/// <summary>A certificate IoT just issued; <see cref="PrivateKeyPem"/> only from CreateKeysAndCertificate, and never printed.</summary>
internal sealed record IssuedCertificate(string Id, string Arn, string CertificatePem, string? PrivateKeyPem)
{
    public override string ToString() => $"IssuedCertificate {{ Id = {Id}, Arn = {Arn}, PrivateKeyPem = *** }}";
}
