using Amazon.Runtime;

namespace CertCreds.AwsSdk;

/// <summary>
/// Credentials could not be obtained from the device certificate. <see cref="Exception.Message"/> is the same
/// one line the <c>certcreds</c> command prints: <c>what went wrong — how to fix it</c>. It never contains a
/// secret (keys, passwords, tokens).
/// </summary>
public sealed class CertificateCredentialsException : AmazonClientException
{
    internal CertificateCredentialsException(string cause, string fix, int? statusCode, bool isTransient, Exception? inner)
        : base($"{cause} — {fix}", inner)
    {
        Cause = cause;
        Fix = fix;
        StatusCode = statusCode;
        IsTransient = isTransient;
    }

    /// <summary>What went wrong, e.g. <c>the endpoint … refused the request: 404 Not Found …</c>.</summary>
    public string Cause { get; }

    /// <summary>How to fix it.</summary>
    public string Fix { get; }

    /// <summary>The HTTP status the credentials endpoint answered with last, when it answered at all.</summary>
    public int? StatusCode { get; }

    /// <summary>
    /// True when trying again later may succeed (throttling, server errors, network failures, deadline);
    /// false when something must change first (files, key, trust, role alias, permissions).
    /// </summary>
    public bool IsTransient { get; }
}
