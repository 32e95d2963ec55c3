using System.Net;
using System.Text;

namespace CertCreds.Testing;

/// <summary>
/// A hand-written HTTP fake: answers requests from a script, in order, and records what it was asked.
/// Each step returns a response or throws (to simulate transport failures).
/// </summary>
public sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> steps = new();
    private readonly List<HttpRequestMessage> requests = [];
    private readonly Lock gate = new();

    public IReadOnlyList<HttpRequestMessage> Requests
    {
        get
        {
            lock (gate)
            {
                return [.. requests];
            }
        }
    }

    public ScriptedHandler Then(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> step)
    {
        lock (gate)
        {
            steps.Enqueue(step);
        }

        return this;
    }

    public ScriptedHandler ThenRespond(int status, string body, params (string Name, string Value)[] headers) =>
        Then((_, _) =>
        {
            var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            foreach (var (name, value) in headers)
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }

            return Task.FromResult(response);
        });

    public ScriptedHandler ThenThrow(Exception exception) => Then((_, _) => Task.FromException<HttpResponseMessage>(exception));

    /// <summary>Never answers until cancelled, like a server that accepted the connection and went silent.</summary>
    public ScriptedHandler ThenHang() => Then(async (_, token) =>
    {
        await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
        throw new InvalidOperationException("unreachable");
    });

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> step;
        lock (gate)
        {
            requests.Add(request);
            if (!steps.TryDequeue(out step!))
            {
                throw new InvalidOperationException($"no scripted answer left for request {requests.Count}");
            }
        }

        return step(request, cancellationToken);
    }
}
