using System.Net;
using System.Text;
using Amazon.Runtime;
using CertCreds.Provisioning.Aws;
using CertCreds.Provisioning.Iam;
using CertCreds.Provisioning.Iot;

namespace CertCreds.Tests.Provisioning;

/// <summary>A fake AWS endpoint: records each request as sent (method, URL, headers, body) and answers from a script in order.</summary>
internal sealed class RecordingAws : HttpMessageHandler
{
    private readonly Queue<(int Status, string Body, string? ErrorType)> answers = new();

    public List<(string Method, Uri Url, Dictionary<string, string> Headers, string Body)> Requests { get; } = [];

    public RecordingAws Answer(int status, string body, string? errorType = null)
    {
        answers.Enqueue((status, body, errorType));
        return this;
    }

    public IotClient Iot(out HttpClient http)
    {
        http = new HttpClient(this);
        return new IotClient(new AwsTransport(http, new Uri("http://127.0.0.1:9"), "eu-west-1", "iot", new ImmutableCredentials("AKIDEXAMPLE", "secret-key-never-shown", null), TimeProvider.System, IotErrors.Parse));
    }

    public IamClient Iam(out HttpClient http)
    {
        http = new HttpClient(this);
        return new IamClient(new AwsTransport(http, new Uri("http://127.0.0.1:9"), "us-east-1", "iam", new ImmutableCredentials("AKIDEXAMPLE", "secret-key-never-shown", null), TimeProvider.System, IamErrors.Parse));
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(',', h.Value));
        var body = string.Empty;
        if (request.Content is not null)
        {
            foreach (var header in request.Content.Headers)
            {
                headers[header.Key.ToLowerInvariant()] = string.Join(',', header.Value);
            }

            body = await request.Content.ReadAsStringAsync(cancellationToken);
        }

        Requests.Add((request.Method.Method, request.RequestUri!, headers, body));
        var (status, answer, errorType) = answers.Dequeue();
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(answer, Encoding.UTF8) };
        if (errorType is not null)
        {
            response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", errorType);
        }

        return response;
    }
}
