using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using CertCreds.Errors;

namespace CertCreds.Cli.Doctor;

/// <summary>
/// <c>identity</c> and <c>certificate</c>: the key loads and matches the certificate (through the same
/// <see cref="Sources.CredentialService.LoadIdentity"/> every verb uses), and the certificate is strong and not about to expire.
/// </summary>
internal sealed class IdentityCheck : IDoctorCheck
{
    public Task RunAsync(DoctorRun run, CancellationToken cancellationToken)
    {
        if (run.IdentityTried && run.Identity is null)
        {
            run.Add(CheckResult.Skip("identity", "needs the token key"));
            run.Add(CheckResult.Skip("certificate", "needs a readable identity"));
            return Task.CompletedTask;
        }

        try
        {
            run.Identity ??= run.Service.LoadIdentity(run.Settings);
        }
        catch (CertCredsException e)
        {
            run.Add(CheckResult.Fail("identity", e.Message, e.Hint, e.ExitCode));
            run.Add(CheckResult.Skip("certificate", "needs a readable identity"));
            return Task.CompletedTask;
        }

        var identity = run.Identity;
        run.Add(CheckResult.Pass("identity", $"the key matches the certificate; certificate ID {identity.CertificateId}"));
        var certificate = identity.Certificate;
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        var left = notAfter - run.Context.Clock.GetUtcNow();
        var strength = KeyStrength(certificate);
        var until = $"valid until {notAfter.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        if (strength.Weak)
        {
            run.Add(CheckResult.Fail("certificate", $"{strength.Description} key, {until}", "AWS IoT requires RSA of at least 2048 bits or ECDSA P-256/P-384/P-521: issue a new certificate", ExitCodes.Identity));
        }
        else if (left < TimeSpan.FromDays(30))
        {
            run.Add(CheckResult.Warn("certificate", $"{strength.Description} key, {until}: {(int)left.TotalDays} days left", "issue and register a new device certificate before it expires"));
        }
        else
        {
            run.Add(CheckResult.Pass("certificate", $"{strength.Description} key, {until}"));
        }

        return Task.CompletedTask;
    }

    private static (string Description, bool Weak) KeyStrength(X509Certificate2 certificate)
    {
        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is not null)
        {
            return ($"RSA {rsa.KeySize}-bit", rsa.KeySize < 2048);
        }

        using var ecdsa = certificate.GetECDsaPublicKey();
        if (ecdsa is not null)
        {
            var curve = ecdsa.ExportParameters(false).Curve.Oid.FriendlyName ?? "unknown curve";
            return ($"ECDSA {curve}", ecdsa.KeySize < 256);
        }

        return ("unknown", true);
    }
}
