namespace CertCreds.Keys.Hardware;

/// <summary>How OpenSSL reaches the token.</summary>
internal enum Pkcs11Route
{
    /// <summary>The provider when OpenSSL has it installed, else the engine.</summary>
    Auto,

    /// <summary>pkcs11-provider (an OpenSSL 3 provider; the only route left in OpenSSL 4).</summary>
    Provider,

    /// <summary>libp11's pkcs11 engine (deprecated in OpenSSL 3, removed in 4; Debian 12 ships it in main).</summary>
    Engine,
}
