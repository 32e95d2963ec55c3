using System.Security.Cryptography;

namespace CertCreds.Serving;

/// <summary>
/// IMDSv2 session tokens: 32 random bytes each, valid for the TTL the client asked for, at most
/// <see cref="Capacity"/> alive at once. When full, expired tokens go first, then the oldest: a client looping
/// on <c>PUT /latest/api/token</c> cannot grow memory, and a client whose token was dropped just gets 401 and
/// asks for a new one, as SDKs do on EC2. Every operation holds one lock; IMDS traffic is light.
/// </summary>
public sealed class ImdsTokenStore(TimeProvider clock, int capacity = ImdsTokenStore.DefaultCapacity)
{
    public const int DefaultCapacity = 1024;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);
    private readonly Queue<string> _issueOrder = new();

    public int Capacity { get; } = capacity;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _expiries.Count;
            }
        }
    }

    public string Issue(int ttlSeconds)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (_expiries.Count >= Capacity)
            {
                MakeRoom(now);
            }

            _expiries[token] = now.AddSeconds(ttlSeconds);
            _issueOrder.Enqueue(token);
        }

        return token;
    }

    public bool IsValid(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (!_expiries.TryGetValue(token, out var expiry))
            {
                return false;
            }

            if (expiry > now)
            {
                return true;
            }

            _ = _expiries.Remove(token);
            return false;
        }
    }

    private void MakeRoom(DateTimeOffset now)
    {
        foreach (var (token, expiry) in _expiries.ToList())
        {
            if (expiry <= now)
            {
                _ = _expiries.Remove(token);
            }
        }

        // The queue may still name tokens removed above; skipping them keeps it in step with the dictionary.
        while (_expiries.Count >= Capacity && _issueOrder.TryDequeue(out var oldest))
        {
            _ = _expiries.Remove(oldest);
        }

        if (_issueOrder.Count > Capacity * 2)
        {
            var alive = _issueOrder.Where(_expiries.ContainsKey).ToList();
            _issueOrder.Clear();
            foreach (var token in alive)
            {
                _issueOrder.Enqueue(token);
            }
        }
    }
}
