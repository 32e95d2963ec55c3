namespace CertCreds.Provisioning.Aws;

/// <summary>
/// One AWS API call before signing: method, path (already built from escaped segments), query parameters (not yet
/// encoded) and an optional body. The typed clients build these; nothing else builds requests.
/// </summary>
/// <param name="Action">The API action, for error messages ("iot:CreateThing").</param>
internal sealed record AwsRequest(
    string Action,
    string Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    byte[]? Body,
    string? ContentType)
{
    /// <summary>Extra headers the API takes as input (IoT's <c>x-amzn-principal</c>); signed like the rest.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Values for <c>{name}</c> placeholders in <see cref="Path"/>, encoded by the SDK as one segment each (an ARN's <c>/</c> included).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> PathValues { get; init; } = [];
}
