using CertCreds.Errors;
using CertCreds.Keys.Hardware;

namespace CertCreds.Cli.Doctor;

/// <summary>
/// <c>token</c> (keys in hardware only): the PKCS#11 module loads, the token is present, the PIN is accepted and the
/// key is found and opens through OpenSSL (or the TPM handle opens), through the same loader every verb uses. The
/// identity it loads is the one later checks use, so the PIN is tried once per doctor run, never twice.
/// </summary>
internal sealed class TokenCheck : IDoctorCheck
{
    public Task RunAsync(DoctorRun run, CancellationToken cancellationToken)
    {
        var key = run.Settings.Identity.PrivateKeyPath;
        if (!Pkcs11Uri.IsPkcs11Uri(key) && !TpmHandle.IsTpmHandle(key))
        {
            return Task.CompletedTask;
        }

        run.IdentityTried = true;
        try
        {
            run.Identity = run.Service.LoadIdentity(run.Settings);
        }
        catch (CertCredsException e)
        {
            run.Add(CheckResult.Fail("token", e.Message, e.Hint, e.ExitCode));
            return Task.CompletedTask;
        }

        var what = Pkcs11Uri.IsPkcs11Uri(key)
            ? "the module loaded, the token is present, the PIN was accepted and the key opened"
            : "the TPM key opened and signed";
        var certificate = run.Settings.Identity.CertificatePath is null ? "; the certificate was found in the token" : string.Empty;
        run.Add(CheckResult.Pass("token", $"{what}: {run.Identity.KeyDescription}{certificate}"));
        return Task.CompletedTask;
    }
}
