namespace CertCreds.Bench.Fleet;

/// <summary>
/// Discrete-event time: timers sit in a queue and <see cref="RunUntil"/> jumps the clock to the next one and fires
/// it on the calling thread. The provider and refresher code awaits only these timers and an endpoint that answers
/// synchronously, so each firing runs one device up to its next wait, inline; hours of fleet time take seconds.
/// </summary>
internal sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    private readonly PriorityQueue<(SimulatedTimer Timer, long Version), (long Due, long Order)> _queue = new();
    private long _now;
    private long _order;

    public DateTimeOffset Start { get; } = start;

    public TimeSpan Elapsed => TimeSpan.FromTicks(_now);

    public override DateTimeOffset GetUtcNow() => Start + Elapsed;

    public override long GetTimestamp() => _now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SimulatedTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Fires timers in order until none is due before <paramref name="end"/> (elapsed time) or <paramref name="done"/> holds.</summary>
    public void RunUntil(TimeSpan end, Func<bool> done)
    {
        while (!done() && _queue.TryPeek(out _, out var key) && key.Due <= end.Ticks)
        {
            var (timer, version) = _queue.Dequeue();
            if (version != timer.Version)
            {
                continue;
            }

            _now = Math.Max(_now, key.Due);
            timer.Fire();
        }
    }

    internal void Schedule(SimulatedTimer timer, TimeSpan due) =>
        _queue.Enqueue((timer, timer.Version), (_now + Math.Max(0, due.Ticks), _order++));

    internal sealed class SimulatedTimer(SimulatedClock clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public long Version { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Version++;
            _period = period;
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                clock.Schedule(this, dueTime);
            }

            return true;
        }

        public void Fire()
        {
            if (_period != Timeout.InfiniteTimeSpan && _period > TimeSpan.Zero)
            {
                clock.Schedule(this, _period);
            }
            else
            {
                Version++;
            }

            callback(state);
        }

        public void Dispose() => Version++;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
