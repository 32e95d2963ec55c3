using System.Net;
using Amazon.Runtime;
using CertCreds.Errors;

namespace CertCreds.Provisioning.Aws;

/// <summary>
/// Sends signed AWS API calls for one service and returns the body of a 2xx answer; any other answer becomes an
/// <see cref="AwsServiceError"/> through the service's own error parser. Network failures and timeouts are
/// <see cref="TransientException"/>s naming the host. Owns no credentials of its own: they are resolved once by
/// the caller and passed in.
/// </summary>
internal sealed class AwsTransport(HttpClient http, Uri baseUri, string region, string service, ImmutableCredentials credentials, TimeProvider clock, Func<string, int, byte[], string?, AwsServiceError> parseError)
{
    public string Region => region;

    public async Task<byte[]> SendAsync(AwsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var signed = AwsSigner.Sign(request, baseUri, region, service, credentials, clock.GetUtcNow().UtcDateTime);
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), signed.Url);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
        }

        foreach (var (name, value) in signed.Headers)
        {
            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                message.Content ??= new ByteArrayContent([]);
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new TransientException(
                $"{request.Action} at {baseUri.Host} could not be reached ({NetworkFault.Describe(e)})",
                $"check network access and --region ('{region}' must be a region where AWS IoT exists)",
                null,
                e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransientException($"{request.Action} at {baseUri.Host} did not answer in time", "check network access, then run the command again (it resumes where it stopped)", null, e);
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return body;
            }

            var errorType = response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.FirstOrDefault() : null;
            throw parseError(request.Action, (int)response.StatusCode, body, errorType);
        }
    }

    /// <summary>The status a throttled or failing AWS API answers with: worth telling the user to retry.</summary>
    public static bool IsTransient(int status) => status is (int)HttpStatusCode.TooManyRequests or >= 500;
}
