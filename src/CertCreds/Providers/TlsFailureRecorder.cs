using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace CertCreds.Providers;

/// <summary>
/// Remembers why the endpoint's certificate was refused, so the error can say so (the exception the TLS
/// stack throws only says "remote certificate is invalid"). Written by the handshake, read after it failed;
/// one instance per client, so no locking is needed beyond the handshake's own ordering.
/// </summary>
public sealed class TlsFailureRecorder
{
    public string? LastFailure { get; private set; }

    public bool Validate(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            LastFailure = null;
            return true;
        }

        var reasons = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            reasons.Add("the server sent no certificate");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            reasons.Add("the server certificate is not issued for this host name");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var statuses = chain?.ChainStatus.Select(s => s.Status.ToString()).Distinct().ToArray() ?? [];
            reasons.Add("the server certificate does not chain to a trusted root" + (statuses.Length > 0 ? $" ({string.Join(", ", statuses)})" : string.Empty));
        }

        var subject = certificate is null ? string.Empty : $"; server certificate subject '{certificate.Subject}', issuer '{certificate.Issuer}'";
        LastFailure = string.Join("; ", reasons) + subject;
        return false;
    }
}
