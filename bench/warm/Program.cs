using System.Diagnostics;
using System.Globalization;
using CertCreds.Credentials;
using CertCreds.Platform;

// Usage:
//   WarmBench store CERT KEY CA        stores a sample credential_process document under the files' fingerprint (5 minutes)
//   WarmBench hit CERT KEY CA          one warm hit: fingerprint, keyring read, document to stdout (exit 1 on a miss)
//   WarmBench loop N CERT KEY CA       N in-process hits; prints median and p99 of fingerprint and of keyring read, in µs
//   WarmBench clear CERT KEY CA        removes the entry
var mode = args[0];
var iterations = mode == "loop" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
var files = args[(mode == "loop" ? 2 : 1)..];
var key = new WarmCacheKey(
    "iot",
    [new("endpoint", "bench.credentials.iot.example.com:443"), new("role-alias", "alias-for-roles-anywhere"), new("thing-name", "client1")],
    files);
var cache = new KeyringCache(new KernelKeyring(), TimeProvider.System);

switch (mode)
{
    case "store":
    {
        var document = "{\"Version\":1,\"AccessKeyId\":\"ASIABENCH\",\"SecretAccessKey\":\""u8.ToArray()
            .Concat(new byte[40].Select(_ => (byte)'s')).Concat("\",\"SessionToken\":\""u8.ToArray())
            .Concat(new byte[900].Select(_ => (byte)'t')).Concat("\",\"Expiration\":\"2099-01-01T00:00:00Z\"}"u8.ToArray()).ToArray();
        var stored = cache.Store(key.Fingerprint(FileStamp.Of)!, document, DateTimeOffset.UtcNow.AddMinutes(5));
        return stored;
    }

    case "hit":
    {
        if (key.Fingerprint(FileStamp.Of) is not { } fingerprint || cache.Read(fingerprint) is not KeyringLookup.Hit hit)
        {
            return 1;
        }

        using var stdout = Console.OpenStandardOutput();
        stdout.Write(hit.Document);
        return 0;
    }

    case "clear":
    {
        var keyring = new KernelKeyring();
        return keyring.Search(KeyringCache.Description(key.Fingerprint(FileStamp.Of)!), out var serial) == 0 ? keyring.Invalidate(serial) : 0;
    }

    case "loop":
    {
        var fingerprintTimes = new double[iterations];
        var readTimes = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var fingerprint = key.Fingerprint(FileStamp.Of)!;
            var middle = Stopwatch.GetTimestamp();
            if (cache.Read(fingerprint) is not KeyringLookup.Hit)
            {
                return 1;
            }

            var end = Stopwatch.GetTimestamp();
            fingerprintTimes[i] = Stopwatch.GetElapsedTime(start, middle).TotalMicroseconds;
            readTimes[i] = Stopwatch.GetElapsedTime(middle, end).TotalMicroseconds;
        }

        Console.WriteLine($"fingerprint (3 statx + managed SHA-256): median {Percentile(fingerprintTimes, 0.5):0.0} µs, p99 {Percentile(fingerprintTimes, 0.99):0.0} µs");
        Console.WriteLine($"keyring read (keyctl search + read + checksum): median {Percentile(readTimes, 0.5):0.0} µs, p99 {Percentile(readTimes, 0.99):0.0} µs");
        return 0;
    }

    default:
        return 2;
}

static double Percentile(double[] values, double p)
{
    var sorted = values.Order().ToArray();
    return sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
