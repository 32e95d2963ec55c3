namespace CertCreds.Provisioning.Aws;

/// <summary>What an AWS API answered instead of success: status, the error code (e.g. <c>ResourceNotFoundException</c>, <c>NoSuchEntity</c>), its words and request id.</summary>
internal sealed class AwsServiceError(string action, int status, string code, string message, string? requestId)
    : Exception($"{action}: {status} {code}: {message}")
{
    public string Action { get; } = action;

    public int Status { get; } = status;

    public string Code { get; } = code;

    public string ServerMessage { get; } = message;

    public string? RequestId { get; } = requestId;

    public bool IsNotFound => Status == 404 || Code is "ResourceNotFoundException" or "NoSuchEntity";
}
