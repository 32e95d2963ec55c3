using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CertCreds.Certificates;
using CertCreds.Errors;
using CertCreds.Platform;

namespace CertCreds.Provisioning.Planning;

/// <summary>
/// The files a device keeps in --out: <c>certificate.pem.crt</c> (0644), <c>private.pem.key</c> (0600) and
/// <c>AmazonRootCA1.pem</c> (the Amazon root certcreds embeds), each replaced atomically (<see cref="AtomicFile"/>);
/// the folder is created 0700.
/// </summary>
internal static class DeviceFiles
{
    public const string CertificateFile = "certificate.pem.crt";
    public const string PrivateKeyFile = "private.pem.key";
    public const string RootCaFile = "AmazonRootCA1.pem";

    /// <summary>The IoT certificate ID of the certificate in <paramref name="directory"/> (lower-case hex SHA-256 of its DER), or null when there is none.</summary>
    public static string? LocalCertificateId(string directory) => LocalCertificate(directory) is { } der ? Convert.ToHexStringLower(SHA256.HashData(der)) : null;

    /// <summary>The DER of the certificate in <paramref name="directory"/>, or null when there is none.</summary>
    public static byte[]? LocalCertificate(string directory)
    {
        var path = Path.Combine(directory, CertificateFile);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(path));
            return certificate.RawData;
        }
        catch (CryptographicException e)
        {
            throw new LocalFileException($"{path} is not a PEM certificate ({e.Message})", "move it away, or pass another --out folder", e);
        }
        catch (Exception e) when (FileFault.IsFileFault(e))
        {
            throw new LocalFileException($"{path} cannot be read: {FileFault.Describe(e, path)}", "fix its permissions, or pass another --out folder", e);
        }
    }

    /// <summary>True when <paramref name="pem"/> is the certificate whose DER is <paramref name="der"/>.</summary>
    public static bool SameCertificate(string pem, byte[] der)
    {
        try
        {
            using var certificate = X509Certificate2.CreateFromPem(pem);
            return certificate.RawData.AsSpan().SequenceEqual(der);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public static string CertificateId(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
    }

    /// <summary>The embedded Amazon Root CA 1, as AWS publishes it for devices.</summary>
    public static string AmazonRootCa1()
    {
        using var stream = typeof(TrustAnchors).Assembly.GetManifestResourceStream("anchors/Amazon_Root_CA_1.crt")
            ?? throw new InvalidOperationException("the embedded Amazon Root CA 1 is missing from this build");
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return reader.ReadToEnd();
    }

    /// <summary>Writes key (0600) first, then certificate and root, so a certificate never sits beside a foreign key.</summary>
    public static void Write(string directory, string certificatePem, string? privateKeyPem)
    {
        try
        {
            AtomicFile.CreatePrivateDirectory(directory);
            if (privateKeyPem is not null)
            {
                AtomicFile.Write(Path.Combine(directory, PrivateKeyFile), Encoding.ASCII.GetBytes(privateKeyPem), AtomicFile.PrivateFile);
            }

            AtomicFile.WriteText(Path.Combine(directory, CertificateFile), certificatePem);
            AtomicFile.WriteText(Path.Combine(directory, RootCaFile), AmazonRootCa1());
        }
        catch (Exception e) when (FileFault.IsFileFault(e))
        {
            throw new LocalFileException($"the device files cannot be written to {directory}: {FileFault.Describe(e, directory)}", "pass an --out folder you can write to", e);
        }
    }

    /// <summary>Writes only the root when it is missing (a re-run that reuses the certificate).</summary>
    public static void EnsureRoot(string directory)
    {
        var path = Path.Combine(directory, RootCaFile);
        if (!File.Exists(path))
        {
            AtomicFile.WriteText(path, AmazonRootCa1());
        }
    }
}
