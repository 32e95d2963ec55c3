using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CertCreds.Errors;
using CertCreds.Platform;

namespace CertCreds.Certificates;

/// <summary>
/// The roots the endpoint's certificate must chain to. By default the Amazon Trust Services roots embedded
/// in the binary (Amazon Root CA 1–4 and Starfield Services Root G2), so the system trust store is never
/// needed; or the certificates of a user's CA file.
/// </summary>
public sealed class TrustAnchors
{
    private TrustAnchors(X509Certificate2Collection certificates, string description, bool embedded)
    {
        Certificates = certificates;
        Description = description;
        IsEmbedded = embedded;
    }

    public X509Certificate2Collection Certificates { get; }

    /// <summary>Where the anchors came from, for messages.</summary>
    public string Description { get; }

    public bool IsEmbedded { get; }

    public static TrustAnchors Embedded()
    {
        var collection = new X509Certificate2Collection();
        var assembly = typeof(TrustAnchors).Assembly;
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith("anchors/", StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream, Encoding.ASCII);
            collection.ImportFromPem(reader.ReadToEnd());
        }

        return new TrustAnchors(collection, "the embedded Amazon Trust Services roots", embedded: true);
    }

    public static TrustAnchors FromFile(FileReader files, string path)
    {
        ArgumentNullException.ThrowIfNull(files);
        var bytes = IdentityParser.WithoutByteOrderMark(files.Read(path, "CA file", "--ca-cert"));
        var collection = new X509Certificate2Collection();
        try
        {
            if (bytes.IndexOf("-----BEGIN CERTIFICATE-----"u8) >= 0)
            {
                collection.ImportFromPem(Encoding.ASCII.GetString(bytes));
            }
            else
            {
                collection.Add(X509CertificateLoader.LoadCertificate(bytes));
            }
        }
        catch (CryptographicException e)
        {
            throw new UsageException($"the CA file {path} holds no readable certificate", "pass a PEM file of CA certificates (for AWS: AmazonRootCA1.pem), or leave --ca-cert out to use the embedded Amazon roots", e);
        }

        if (collection.Count == 0)
        {
            throw new UsageException($"the CA file {path} holds no certificate", "pass a PEM file of CA certificates, or leave --ca-cert out to use the embedded Amazon roots");
        }

        return new TrustAnchors(collection, $"the CA file {path}", embedded: false);
    }
}
