namespace CertCreds.Keys.Hardware;

/// <summary>The <c>type</c> attribute of a PKCS#11 URI (RFC 7512 §2.3): which class of object it names.</summary>
public enum Pkcs11ObjectType
{
    Public,
    Private,
    Cert,
    SecretKey,
    Data,
}
