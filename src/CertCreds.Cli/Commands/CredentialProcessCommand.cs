using System.CommandLine;
using CertCreds.Cli.Options;
using CertCreds.Credentials;
using CertCreds.Output;
using CertCreds.Platform;
using CertCreds.Sources;

namespace CertCreds.Cli.Commands;

/// <summary>
/// <c>certcreds credential-process</c>: prints one credential_process JSON document on stdout, or nothing and
/// a one-line error on stderr. Cached across processes unless <c>--no-cache</c> / <c>CERTCREDS_NO_CACHE=1</c>, in
/// two levels: the kernel keyring (a hit costs a few statx and keyctl calls: no OpenSSL, no key) and the encrypted
/// cache file, which also makes concurrent cold calls share one endpoint request.
/// </summary>
internal static class CredentialProcessCommand
{
    public static Command Create(CliContext context)
    {
        var identity = new IdentityArguments();
        var noCache = new Option<bool>("--no-cache") { Description = "Always ask the endpoint; neither read nor write the credential cache (keyring or file). Env: CERTCREDS_NO_CACHE=1" };
        var command = new Command("credential-process", "Fetch credentials with the device certificate and print them as credential_process JSON (for ~/.aws/config).");
        identity.AddTo(command);
        command.Options.Add(noCache);
        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = identity.Resolve(result, context.GetEnvironmentVariable);
            var useCache = !result.GetValue(noCache) && !IsTrue(context.GetEnvironmentVariable("CERTCREDS_NO_CACHE"));
            var service = CliCredentials.Service(context);

            // First level, before anything touches OpenSSL or the identity's contents.
            var keyring = new KeyringCache(context.Keyring, context.Clock);
            var cacheDirectory = useCache ? CacheStore.DefaultDirectory(context.GetEnvironmentVariable) : null;
            var warm = useCache ? LookUp(context, service, settings, cacheDirectory, keyring) : null;
            if (warm is { Hit: { } hit })
            {
                await context.Stdout.WriteAsync(hit, cancellationToken).ConfigureAwait(false);
                await context.Stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
                return 0;
            }

            CacheStore? store = null;
            if (cacheDirectory is not null)
            {
                // The cache is optional: an unsafe folder means fetching without it, said once.
                store = CacheStore.TryOpen(cacheDirectory, out var refusal);
                if (refusal is not null)
                {
                    ErrorReporter.Warn(context.Stderr, refusal);
                }
            }

            TemporaryCredentials credentials;
            CachedCredentials? entry;
            if (store is null)
            {
                context.Trace.Write($"cache: {(useCache ? "no cache folder" : "off")}");
                credentials = await service.FetchAsync(settings, cancellationToken).ConfigureAwait(false);
                entry = new CachedCredentials(credentials, context.Clock.GetUtcNow());
                WarnIfShortLived(context, settings.Source, credentials);
            }
            else
            {
                var cached = await service.FetchThroughCacheAsync(settings, store, cancellationToken).ConfigureAwait(false);
                if (cached.Warning is not null)
                {
                    ErrorReporter.Warn(context.Stderr, cached.Warning);
                }

                if (cached.Outcome == CacheOutcome.Fetched)
                {
                    WarnIfShortLived(context, settings.Source, cached.Credentials);
                }

                credentials = cached.Credentials;
                entry = cached.Entry;
            }

            var bytes = CredentialProcessOutput.Serialize(credentials);
            if (warm is { Fingerprint: var fingerprint } && entry is not null)
            {
                var until = KeyringCache.HandOutUntil(entry);
                var stored = keyring.Store(fingerprint, bytes, until);
                context.Trace.Write($"cache: keyring {(stored == 0 ? $"stored until {until:O}" : $"not stored (errno {stored}{(stored == KeyringCache.QuotaReserved ? ": half of the key quota is in use" : string.Empty)})")}");
            }

            await context.Stdout.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await context.Stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The keyring lookup: a hit's document, or the fingerprint to store under after the ordinary path (null when
    /// the keyring is unavailable, e.g. keyctl blocked by seccomp, or an identity file cannot be stat'd).
    /// </summary>
    private static (string Fingerprint, byte[]? Hit)? LookUp(CliContext context, CredentialService service, CredentialSettings settings, string? cacheDirectory, KeyringCache keyring)
    {
        if (service.WarmCacheKeyFor(settings, cacheDirectory)?.Fingerprint(FileStamp.Of) is not { } fingerprint)
        {
            context.Trace.Write($"cache: keyring skipped (an identity file cannot be stat'd)");
            return null;
        }

        switch (keyring.Read(fingerprint))
        {
            case KeyringLookup.Hit hit:
                context.Trace.Write($"cache: keyring hit (entry {fingerprint[..12]}…)");
                return (fingerprint, hit.Document);
            case KeyringLookup.Unavailable unavailable:
                context.Trace.Write($"cache: keyring unavailable (errno {unavailable.Errno}); using the file cache alone");
                return null;
            default:
                context.Trace.Write($"cache: keyring miss (entry {fingerprint[..12]}…)");
                return (fingerprint, null);
        }
    }

    /// <summary>
    /// Said once per endpoint call, not on every cache hit: with such credentials the AWS CLI runs certcreds on
    /// every API call, and the cache keeps those runs off the endpoint (see RefreshPolicy).
    /// </summary>
    private static void WarnIfShortLived(CliContext context, ICredentialSource source, TemporaryCredentials credentials)
    {
        var now = context.Clock.GetUtcNow();
        if (RefreshWindow.IsInsideAdvisoryWindow(credentials, now))
        {
            var minutes = (int)credentials.Remaining(now).TotalMinutes;
            ErrorReporter.Warn(context.Stderr, $"these credentials expire in {minutes} min; AWS clients refresh when fewer than 15 min remain, so the AWS CLI will run certcreds on every call — {source.LongerLifetimeFix}");
        }
    }

    private static bool IsTrue(string? value) => value is "1" or "true" or "TRUE" or "True" or "yes";
}
