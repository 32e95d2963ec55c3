using CertCreds.Errors;

namespace CertCreds.Provisioning.Aws;

/// <summary>Turns an AWS API's refusal into certcreds' one-line error: what was refused, and the fix (the missing IAM action, the region, a retry).</summary>
internal static class AwsErrorTranslator
{
    public static CertCredsException Translate(AwsServiceError error, string region)
    {
        ArgumentNullException.ThrowIfNull(error);
        var words = $"{error.Code}: {error.ServerMessage}".TrimEnd(' ', ':');
        var id = error.RequestId is null ? string.Empty : $" (request id {error.RequestId})";
        if (AwsTransport.IsTransient(error.Status) || error.Code is "ThrottlingException" or "Throttling" or "ServiceUnavailableException" or "InternalFailureException")
        {
            return new TransientException($"{error.Action} failed for now: {error.Status} {words}{id}", "run the command again in a moment; it reuses what was already made", error.Status);
        }

        var (message, hint) = error.Code switch
        {
            "AccessDenied" or "AccessDeniedException" or "UnauthorizedOperation" or "UnauthorizedException" =>
                ($"your AWS identity may not call {error.Action} ({words})", $"allow the IAM action {error.Action} for your identity (provisioning needs iam:GetRole, iam:CreateRole, iot:CreateRoleAlias, iot:CreatePolicy, iot:CreateThing, iot:CreateCertificateFromCsr, iot:AttachPolicy, iot:AttachThingPrincipal, iot:DescribeEndpoint and their read actions), or run it with an administrator's profile"),
            "UnrecognizedClientException" or "InvalidClientTokenId" or "InvalidSignatureException" or "SignatureDoesNotMatch" or "ExpiredToken" or "ExpiredTokenException" =>
                ($"{error.Action} did not accept your AWS credentials in {region} ({words})", $"check your AWS credentials (aws sts get-caller-identity), and that '{region}' is a region where your account uses AWS IoT"),
            "ResourceAlreadyExistsException" or "EntityAlreadyExists" =>
                ($"{error.Action}: the name is already taken by a resource that differs ({words})", "pick another name, or run again with --update to change the existing one"),
            "DeleteConflictException" or "DeleteConflict" or "CertificateStateException" =>
                ($"{error.Action} refused: the resource is still in use ({words})", "detach it from what still uses it, then run the command again"),
            "ResourceNotFoundException" or "NoSuchEntity" =>
                ($"{error.Action}: not found ({words})", $"check the name and that '{region}' is the region it lives in"),
            _ => ($"{error.Action} was refused: {error.Status} {words}", "fix what the message says, then run the command again; it reuses what was already made"),
        };
        return new RejectedException(message + id, hint, error.Status, error.ServerMessage, error.RequestId);
    }
}
