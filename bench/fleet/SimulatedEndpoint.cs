using System.Globalization;
using System.Net;
using System.Text;

namespace CertCreds.Bench.Fleet;

/// <summary>
/// The IoT credentials provider as the fleet sees it, answering at once: down (connection refused) until the
/// outage ends, then a token bucket of <c>quota</c> requests per second (burst of one second's worth) answering
/// 429 "Rate exceeded" above it, as the emulator's throttle fault does (with Retry-After only when asked), and
/// 200 with one-hour credentials otherwise. Counts every request per simulated second.
/// </summary>
internal sealed class SimulatedEndpoint(SimulatedClock clock, int quota, TimeSpan outageEnd, int? retryAfterSeconds, int devices) : HttpMessageHandler
{
    private double _tokens = quota;
    private long _refilledAt;

    public Dictionary<long, (int Requests, int Throttled, int Refused)> PerSecond { get; } = [];

    public TimeSpan?[] FirstSuccess { get; } = new TimeSpan?[devices];

    public int Served { get; private set; }

    public int OffThreadCalls { get; private set; }

    public int OwnerThread { get; set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Environment.CurrentManagedThreadId != OwnerThread)
        {
            OffThreadCalls++;
        }

        var now = clock.Elapsed;
        var second = (long)Math.Floor(now.TotalSeconds);
        PerSecond.TryGetValue(second, out var counts);
        counts.Requests++;
        if (now < outageEnd)
        {
            counts.Refused++;
            PerSecond[second] = counts;
            throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused");
        }

        _tokens = Math.Min(quota, _tokens + ((now.Ticks - _refilledAt) / (double)TimeSpan.TicksPerSecond * quota));
        _refilledAt = now.Ticks;
        HttpResponseMessage response;
        if (_tokens < 1)
        {
            counts.Throttled++;
            response = new HttpResponseMessage((HttpStatusCode)429) { Content = new StringContent("{\"message\":\"Rate exceeded\"}", Encoding.UTF8, "application/json") };
            if (retryAfterSeconds is { } seconds)
            {
                response.Headers.TryAddWithoutValidation("Retry-After", seconds.ToString(CultureInfo.InvariantCulture));
            }
        }
        else
        {
            _tokens--;
            var device = int.Parse(request.Headers.GetValues("x-amzn-iot-thingname").First().AsSpan(7), CultureInfo.InvariantCulture);
            if (FirstSuccess[device] is null)
            {
                FirstSuccess[device] = now;
                Served++;
            }

            var expiration = clock.GetUtcNow().AddHours(1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var body = "{\"credentials\":{\"accessKeyId\":\"ASIASIM\",\"secretAccessKey\":\"sim\",\"sessionToken\":\"sim\",\"expiration\":\"" + expiration + "\"}}";
            response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }

        response.Headers.Date = clock.GetUtcNow();
        PerSecond[second] = counts;
        return Task.FromResult(response);
    }
}
