using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace CertCreds.Tests.Serving;

/// <summary>
/// A fake clock that remembers when the newest timer it made is due, so a test can tell, without real delays,
/// that a background loop has finished reacting to <see cref="FakeTimeProvider.Advance"/> and armed its next wait.
/// </summary>
internal sealed class TimerRecordingClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock gate = new();
    private DateTimeOffset newestDue = DateTimeOffset.MinValue;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (gate)
        {
            newestDue = dueTime == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : GetUtcNow() + dueTime;
        }

        return base.CreateTimer(callback, state, dueTime, period);
    }

    /// <summary>When the newest timer is due (<see cref="DateTimeOffset.MinValue"/> before the first).</summary>
    public DateTimeOffset NewestDue
    {
        get
        {
            lock (gate)
            {
                return newestDue;
            }
        }
    }

    /// <summary>
    /// Returns once the newest timer is due in the future: whatever fired has run and the loop waits again. The
    /// real-time limit only guards against a hung loop; it is never what the test waits for.
    /// </summary>
    public async Task WaitUntilIdleAsync()
    {
        var guard = Stopwatch.StartNew();
        while (true)
        {
            lock (gate)
            {
                if (newestDue > GetUtcNow())
                {
                    return;
                }
            }

            if (guard.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException("the refresh loop did not arm its next timer");
            }

            await Task.Yield();
        }
    }
}
