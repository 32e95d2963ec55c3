namespace CertCreds.Emulator.Faults;

/// <summary>
/// Scripted faults, consumed first in, first out, one per request (including requests that would have
/// failed anyway). Safe to use from any thread: a lock guards the queue, and nothing is held while a
/// request is answered.
/// </summary>
public sealed class FaultScript
{
    private readonly Lock _gate = new();
    private readonly Queue<FaultSpec> _pending = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    public void Enqueue(FaultSpec fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_gate)
        {
            _pending.Enqueue(fault);
        }
    }

    public void Enqueue(params IEnumerable<FaultSpec> faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        lock (_gate)
        {
            foreach (var fault in faults)
            {
                _pending.Enqueue(fault);
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _pending.Clear();
        }
    }

    public FaultSpec? TryDequeue()
    {
        lock (_gate)
        {
            return _pending.TryDequeue(out var fault) ? fault : null;
        }
    }
}
