using CertCreds.Credentials;
using CertCreds.Errors;

namespace CertCreds.Serving;

/// <summary>
/// Keeps <see cref="ServeState"/> supplied with credentials, in the background.
/// <para>Locking: one loop task makes every upstream call, so there is never more than one in flight; it
/// publishes each new set with a single reference write and requests never wait for it.</para>
/// <para>Refresh: when <see cref="ServeRefreshPolicy.RefreshAt"/> says, ahead of expiry; every fetch re-reads the
/// certificate and key files, so rotated files are picked up on the next refresh.</para>
/// <para>Failure: the last good credentials stay in place (and are served while
/// <see cref="ServeRefreshPolicy.IsServable"/>); the reason is recorded for the 503 answers and reported once per
/// failure through the log callback; the next attempt waits <see cref="ServeRefreshPolicy.RetryDelay"/>, plus the
/// provider's Retry-After when it sent one. Nothing but cancellation ends the loop.</para>
/// <para>Throttling: the fetch a refresher is given (<see cref="Sources.CredentialService.CreateRefresher"/>) makes one
/// request when the provider answers 429 instead of retrying within the call; this loop's jittered schedule is the
/// only retry, so a throttled fleet sends one request per device per retry (bench/fleet/results.md).</para>
/// </summary>
public sealed class CredentialRefresher(
    Func<CancellationToken, Task<TemporaryCredentials>> fetch,
    ServeState state,
    TimeProvider clock,
    Func<double> jitter,
    Action<string> log)
{
    private int _failures;
    private TimeSpan _retryAfter;

    /// <summary>Consecutive failed refreshes so far.</summary>
    public int Failures => Volatile.Read(ref _failures);

    /// <summary>
    /// The fetch <see cref="FetchOnceAsync"/> uses when a command waits for it at start (serve, exec): it may retry a
    /// 429 within its deadline, as an interactive call does. Null: the background fetch.
    /// </summary>
    public Func<CancellationToken, Task<TemporaryCredentials>>? StartFetch { get; init; }

    /// <summary>One fetch at start, published on success. Errors propagate, so a caller can stop on a bad first fetch.</summary>
    public Task FetchOnceAsync(CancellationToken cancellationToken) => PublishAsync(StartFetch ?? fetch, cancellationToken);

    private async Task PublishAsync(Func<CancellationToken, Task<TemporaryCredentials>> from, CancellationToken cancellationToken)
    {
        var credentials = await from(cancellationToken).ConfigureAwait(false);
        state.Succeeded(ServedCredentials.Create(credentials, clock.GetUtcNow()));
        Volatile.Write(ref _failures, 0);
    }

    /// <summary>Refreshes until <paramref name="cancellationToken"/> fires; returns then, without throwing.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var wait = NextWait(state.Current, Failures, clock.GetUtcNow(), jitter());
            if (Failures > 0)
            {
                wait += _retryAfter;
            }

            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
                }

                await PublishAsync(fetch, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                var failures = Interlocked.Increment(ref _failures);

                // A throttled provider that says when to come back is believed, and the jittered retry delay comes on
                // top of it: every device throttled in the same second gets the same Retry-After, and must not come
                // back in the same second.
                _retryAfter = e is TransientException { RetryAfter: { } retryAfter } && retryAfter > TimeSpan.Zero ? retryAfter : TimeSpan.Zero;
                var reason = e is CertCredsException known ? known.Message : $"{e.GetType().Name}: {(e is HttpRequestException or IOException ? NetworkFault.Describe(e) : e.Message)}";
                state.Failed(reason);
                var current = state.Current;
                var next = ServeRefreshPolicy.RetryDelay(failures, current?.Lifetime, 0.5);
                var serving = current is not null && ServeRefreshPolicy.IsServable(current.Credentials, clock.GetUtcNow())
                    ? $"still serving the current credentials until {current.Credentials.Expiration.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}"
                    : "no valid credentials to serve (answering 503)";
                Report($"refresh failed ({reason}); {serving}; retrying in about {Math.Ceiling(next.TotalSeconds)} s");
            }
        }
    }

    /// <summary>A log that cannot be written (stderr closed) must not end the loop that keeps credentials fresh.</summary>
    private void Report(string message)
    {
        try
        {
            log(message);
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>The pure decision of when the next attempt starts.</summary>
    public static TimeSpan NextWait(ServedCredentials? current, int failures, DateTimeOffset now, double jitter)
    {
        if (failures > 0)
        {
            return ServeRefreshPolicy.RetryDelay(failures, current?.Lifetime, jitter);
        }

        if (current is null)
        {
            return TimeSpan.Zero;
        }

        var due = ServeRefreshPolicy.RefreshAt(current) - now;
        var earliest = current.ObtainedAt + ServeRefreshPolicy.MinimumInterval - now;
        return Max(Max(due, earliest), TimeSpan.Zero);
    }
}
