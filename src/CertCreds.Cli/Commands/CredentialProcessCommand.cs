using System.CommandLine;
using CertCreds.Cli.Options;
using CertCreds.Credentials;
using CertCreds.Output;
using CertCreds.Platform;
using CertCreds.Sources;

namespace CertCreds.Cli.Commands;

/// <summary>
/// <c>certcreds credential-process</c>: prints one credential_process JSON document on stdout, or nothing and
/// a one-line error on stderr. Cached across processes unless <c>--no-cache</c> / <c>CERTCREDS_NO_CACHE=1</c>.
/// </summary>
internal static class CredentialProcessCommand
{
    public static Command Create(CliContext context)
    {
        var identity = new IdentityArguments();
        var noCache = new Option<bool>("--no-cache") { Description = "Always ask the endpoint; neither read nor write the credential cache. Env: CERTCREDS_NO_CACHE=1" };
        var command = new Command("credential-process", "Fetch credentials with the device certificate and print them as credential_process JSON (for ~/.aws/config).");
        identity.AddTo(command);
        command.Options.Add(noCache);
        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = identity.Resolve(result, context.GetEnvironmentVariable);
            var cacheDirectory = result.GetValue(noCache) || IsTrue(context.GetEnvironmentVariable("CERTCREDS_NO_CACHE"))
                ? null
                : CacheStore.DefaultDirectory(context.GetEnvironmentVariable);
            var service = CliCredentials.Service(context);
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
            if (store is null)
            {
                context.Trace.Write($"cache: off");
                credentials = await service.FetchAsync(settings, cancellationToken).ConfigureAwait(false);
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
            }

            var bytes = CredentialProcessOutput.Serialize(credentials);
            await context.Stdout.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await context.Stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
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
