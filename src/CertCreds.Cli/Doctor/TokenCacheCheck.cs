using System.Security.Cryptography;
using CertCreds.Credentials;
using CertCreds.Sources;

namespace CertCreds.Cli.Doctor;

/// <summary>
/// <c>cache</c> (keys in hardware only): whether credential-process can keep its encrypted disk cache with this key.
/// The cache key is derived inside the token (RSA signature, or ECDH for EC keys that allow it); a token EC key that may
/// only sign cannot derive one, so every credential-process call asks the endpoint: said here, as a warning.
/// </summary>
internal sealed class TokenCacheCheck : IDoctorCheck
{
    public Task RunAsync(DoctorRun run, CancellationToken cancellationToken)
    {
        if (run.Identity is not { KeyInHardware: true } identity)
        {
            return Task.CompletedTask;
        }

        try
        {
            using var cipher = CacheCipher.Create(identity.Certificate, CredentialService.CacheKeyFor(run.Source, identity), keyInHardware: true);
            run.Add(CheckResult.Pass("cache", "the cache key is derived inside the token: a copied cache file is useless without it"));
        }
        catch (CryptographicException)
        {
            run.Add(CheckResult.Warn(
                "cache",
                "the token's EC key may only sign (no ECDH), so credential-process keeps no disk cache and asks the endpoint on every call",
                "use serve or exec (credentials kept in memory), or a token key that allows ECDH (CKA_DERIVE) or an RSA key"));
        }

        return Task.CompletedTask;
    }
}
