using System.Security.Cryptography.X509Certificates;

namespace CertCreds.Emulator.RolesAnywhere;

/// <summary>A request whose SigV4-X509 signature checked out: the signing certificate and the intermediates it sent.</summary>
public sealed class VerifiedSigner(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> intermediates, string serialDecimal) : IDisposable
{
    public X509Certificate2 Leaf { get; } = leaf;

    public IReadOnlyList<X509Certificate2> Intermediates { get; } = intermediates;

    /// <summary>The serial number in decimal, as the Credential names it.</summary>
    public string SerialDecimal { get; } = serialDecimal;

    /// <summary>The serial number in lower-case hex: the session name AWS uses when the request names none.</summary>
    public string SerialHex => Leaf.SerialNumber.ToLowerInvariant();

    public void Dispose()
    {
        Leaf.Dispose();
        foreach (var certificate in Intermediates)
        {
            certificate.Dispose();
        }
    }
}
