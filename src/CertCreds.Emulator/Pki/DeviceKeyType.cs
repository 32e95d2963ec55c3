namespace CertCreds.Emulator.Pki;

/// <summary>Key types AWS IoT accepts for device certificates that the emulator can mint.</summary>
public enum DeviceKeyType
{
    Rsa2048,
    EcdsaP256,
}
