using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using CertCreds.Certificates;
using CertCreds.Errors;
using CertCreds.Providers;
using CertCreds.Sources;

namespace CertCreds.Cli.Doctor;

/// <summary>
/// <c>tls</c>: a handshake with the TLS options of the source's own handler (<see cref="ICredentialSource.CreateHandler"/>:
/// mutual TLS for IoT), so a pass means the request's connection works; a refused server certificate is
/// explained by which anchors would have worked.
/// </summary>
internal sealed class TlsCheck : IDoctorCheck
{
    public async Task RunAsync(DoctorRun run, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(run.HttpsProxy))
        {
            run.Add(CheckResult.Skip("tls", "checked through the proxy by the request below"));
            return;
        }

        if (run.Identity is null || run.Anchors is null || !run.ConnectionOk)
        {
            run.ConnectionOk = run.Add(CheckResult.Skip("tls", "needs a readable identity, trust anchors and a reachable endpoint"));
            return;
        }

        run.ConnectionOk = await HandshakeAsync(run, run.Identity, run.Anchors, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> HandshakeAsync(DoctorRun run, DeviceIdentity identity, TrustAnchors anchors, CancellationToken cancellationToken)
    {
        var host = run.Source.Host;
        var recorder = new TlsFailureRecorder();
        X509Certificate2? serverCertificate = null;
        using var handler = run.Source.CreateHandler(identity, anchors, new SourceTransport(recorder, null, TimeSpan.FromSeconds(5)));
        var options = handler.SslOptions;
        var validate = options.RemoteCertificateValidationCallback!;
        var sslOptions = new SslClientAuthenticationOptions
        {
            TargetHost = host,
            EnabledSslProtocols = options.EnabledSslProtocols,
            ClientCertificateContext = options.ClientCertificateContext,
            CertificateChainPolicy = options.CertificateChainPolicy,
            CertificateRevocationCheckMode = options.CertificateRevocationCheckMode,
            RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
            {
                serverCertificate = certificate is null ? null : new X509Certificate2(certificate);
                return validate(sender, certificate, chain, errors);
            },
        };
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(run.StepTimeout(TimeSpan.FromSeconds(10)));
        try
        {
            await client.ConnectAsync(host, run.Source.Port, timeout.Token).ConfigureAwait(false);
            using var ssl = new SslStream(client.GetStream());
            await ssl.AuthenticateAsClientAsync(sslOptions, timeout.Token).ConfigureAwait(false);
            return run.Add(CheckResult.Pass("tls", $"{ssl.SslProtocol} handshake; the server certificate chains to {anchors.Description} and matches {host}"));
        }
        catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException or SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var why = recorder.LastFailure;
            if (why is null)
            {
                return run.Add(CheckResult.Fail("tls", $"the TLS handshake with {run.Authority} failed: {(NetworkFault.IsPlainTextAnswer(e) ? "the server did not answer with TLS (plain HTTP on an HTTPS port?)" : NetworkFault.TlsReason(e) is { Length: > 0 } reason ? reason : NetworkFault.Describe(e))}", "check that nothing between ends TLS, and that the certificate and key are the registered device identity", ExitCodes.Trust));
            }

            return run.Add(CheckResult.Fail("tls", $"the server certificate was refused by {anchors.Description}: {why}", TrustFix(anchors, serverCertificate, host), ExitCodes.Trust));
        }
        finally
        {
            serverCertificate?.Dispose();
        }
    }

    /// <summary>Which anchors would have worked: the usual mistake is the wrong CA file, or a CA file where the built-in roots would do.</summary>
    private static string TrustFix(TrustAnchors anchors, X509Certificate2? server, string host)
    {
        if (server is not null && !anchors.IsEmbedded)
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.DisableCertificateDownloads = true;
            chain.ChainPolicy.CustomTrustStore.AddRange(TrustAnchors.Embedded().Certificates);
            if (chain.Build(server))
            {
                return "the server chains to the Amazon roots built into certcreds: leave --ca-cert out";
            }
        }

        var issuer = server?.Issuer ?? "unknown";
        return anchors.IsEmbedded
            ? $"this server is not an AWS endpoint signed by the Amazon roots (issuer '{issuer}'): check --endpoint, or pass its CA with --ca-cert"
            : $"pass the CA that issued the server certificate (issuer '{issuer}') with --ca-cert, and check that {host} is the right endpoint";
    }
}
