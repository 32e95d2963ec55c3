using System.Globalization;
using CertCreds.Bench.Fleet;
using CertCreds.Providers;
using CertCreds.Serving;

// dotnet run -c Release --project bench/fleet -- [--devices 10000] [--quota 100] [--outage 900] [--start-spread 60]
//   [--retry-after SECONDS] [--seed 1] [--limit 3600] [--fetch-timeout 10] [--retry-throttling] [--label text]
// --retry-throttling: the provider retries a 429 within the fetch (what a credential-process call does); without it,
// a 429 ends the fetch after one request (RetryThrottling = false, what serve's refresher now does).
// --fetch-timeout is the deadline of one fetch (serve's --timeout, default 10 s). The simulated endpoint answers at
// once, so 0.1 leaves BackoffPolicy no room for a second attempt (it never waits into the last 100 ms): that models
// a refresher that makes one attempt per fetch and leaves retrying to its own backoff.
// Simulates `certcreds serve` on every device: the real CredentialRefresher (ServeRefreshPolicy) calling the real
// IotCredentialsProvider (BackoffPolicy, 10 s deadline) through HttpMessageInvoker against SimulatedEndpoint.
// Devices start during an outage (uniformly over --start-spread seconds), so by the time the provider comes back
// (--outage seconds in) every device has no valid credentials and is in its failure backoff; --outage 0 is a fleet
// that powers up at once against a healthy, rate-limited provider.
var options = Options.Parse(args);
var clock = new SimulatedClock(new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero));
var recovery = TimeSpan.FromSeconds(options.Outage);
var endpoint = new SimulatedEndpoint(clock, options.Quota, recovery, options.RetryAfter, options.Devices) { OwnerThread = Environment.CurrentManagedThreadId };
using var invoker = new HttpMessageInvoker(endpoint);
var random = new Random(options.Seed);
var tls = new TlsFailureRecorder();
var host = new IotEndpoint("sim.credentials.iot.eu-west-1.amazonaws.com", 443);
var failures = 0;
var timers = new List<ITimer>(options.Devices);
for (var i = 0; i < options.Devices; i++)
{
    var request = new IotCredentialsRequest(host, "fleet-alias", "device-" + i.ToString(CultureInfo.InvariantCulture));
    var provider = new IotCredentialsProvider(invoker, clock, tls, random.NextDouble) { RetryThrottling = !options.Background };
    var refresher = new CredentialRefresher(
        token => provider.FetchAsync(request, TimeSpan.FromSeconds(options.FetchTimeout), token), new ServeState(), clock, random.NextDouble, _ => { });
    var start = TimeSpan.FromSeconds(random.NextDouble() * options.StartSpread);
    timers.Add(clock.CreateTimer(
        _ => refresher.RunAsync(CancellationToken.None).ContinueWith(t => failures += t.IsFaulted ? 1 : 0, TaskScheduler.Default),
        null, start, Timeout.InfiniteTimeSpan));
}

var wall = System.Diagnostics.Stopwatch.StartNew();
clock.RunUntil(recovery + TimeSpan.FromSeconds(options.Limit), () => endpoint.Served == options.Devices);
wall.Stop();

var after = endpoint.PerSecond.Where(p => p.Key >= (long)recovery.TotalSeconds).OrderBy(p => p.Key).ToList();
var requests = after.Sum(p => p.Value.Requests);
var throttled = after.Sum(p => p.Value.Throttled);
var peak = after.Count == 0 ? 0 : after.Max(p => p.Value.Requests);
var peakAccepted = after.Count == 0 ? 0 : after.Max(p => p.Value.Requests - p.Value.Throttled);
var before = endpoint.PerSecond.Where(p => p.Key < (long)recovery.TotalSeconds && p.Key >= (long)recovery.TotalSeconds - 60).ToList();
var outageRate = before.Count == 0 ? 0 : before.Average(p => p.Value.Requests);
var served = endpoint.FirstSuccess.Where(t => t is not null).Select(t => (t!.Value - recovery).TotalSeconds).Order().ToArray();
string Quantile(double q) => served.Length == 0 ? "-" : served[Math.Min(served.Length - 1, (int)(q * served.Length))].ToString("0", CultureInfo.InvariantCulture);
var allServed = served.Length == options.Devices ? served[^1].ToString("0", CultureInfo.InvariantCulture) + " s" : $"not all ({served.Length} of {options.Devices} after {options.Limit} s)";
var peakTenSeconds = 0.0;
for (var s = (long)recovery.TotalSeconds; s <= (after.Count == 0 ? 0 : after[^1].Key); s++)
{
    var sum = 0;
    for (var k = s; k < s + 10; k++)
    {
        sum += endpoint.PerSecond.TryGetValue(k, out var c) ? c.Requests : 0;
    }

    peakTenSeconds = Math.Max(peakTenSeconds, sum / 10.0);
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"devices={options.Devices} quota={options.Quota}/s outage={options.Outage}s start-spread={options.StartSpread}s retry-after={(options.RetryAfter?.ToString(CultureInfo.InvariantCulture) ?? "none")} seed={options.Seed}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"| {options.Label} | {outageRate:0} | {peak} | {peakTenSeconds:0} | {peakAccepted} | {requests} | {(requests == 0 ? 0 : 100.0 * throttled / requests):0.0}% | {Quantile(0.5)} s | {Quantile(0.9)} s | {allServed} |"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"simulated {clock.Elapsed.TotalSeconds:0} s in {wall.Elapsed.TotalSeconds:0.0} s wall; refresher loops ended by a fault: {failures}; endpoint calls off the simulation thread: {endpoint.OffThreadCalls}"));
GC.KeepAlive(timers);
return 0;

internal sealed record Options(int Devices, int Quota, int Outage, double StartSpread, int? RetryAfter, int Seed, int Limit, string Label, double FetchTimeout, bool Background)
{
    public static Options Parse(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        int Int(string name, int fallback) => Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
        return new Options(
            Int("--devices", 10_000),
            Int("--quota", 100),
            Int("--outage", 900),
            Value("--start-spread") is { } spread ? double.Parse(spread, CultureInfo.InvariantCulture) : 60,
            Value("--retry-after") is { } ra ? int.Parse(ra, CultureInfo.InvariantCulture) : null,
            Int("--seed", 1),
            Int("--limit", 3600),
            Value("--label") ?? "today",
            Value("--fetch-timeout") is { } timeout ? double.Parse(timeout, CultureInfo.InvariantCulture) : 10,
            !args.Contains("--retry-throttling"));
    }
}
