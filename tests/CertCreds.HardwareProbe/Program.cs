using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertCreds.Errors;
using CertCreds.Keys.Hardware;
using CertCreds.Platform;

// usage: certcreds-hardware-probe URI MODULE CERT CA ROUTE  (PIN in CERTCREDS_PKCS11_PIN)
//        certcreds-hardware-probe handle:0x81… - CERT CA -
try
{
    var (uri, module, certificate, caPath, route) = (args[0], args[1], args[2], args[3], args[4]);
    var watch = Stopwatch.StartNew();
    using var key = TpmHandle.IsTpmHandle(uri)
        ? new TpmHandleKeyLoader(new FileReader("/")).Load(TpmHandle.Parse(uri), certificate)
        : new Pkcs11KeyLoader(new FileReader("/"), Environment.GetEnvironmentVariable, prompt: null)
            .Load(Pkcs11Uri.Parse(uri), new Pkcs11KeyOptions(module == "-" ? null : module, certificate == "-" ? null : certificate, null, Enum.Parse<Pkcs11Route>(route == "-" ? "Auto" : route)));
    var loaded = watch.Elapsed.TotalMilliseconds;
    var data = "probe"u8.ToArray();
    var signature = key.SignData(data);
    var verified = key.Key is RSA
        ? key.Certificate.GetRSAPublicKey()!.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
        : key.Certificate.GetECDsaPublicKey()!.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    var handshake = TpmHandle.IsTpmHandle(uri) ? "skipped (handle keys sign only)" : await HandshakeAsync(key.Certificate, caPath);
    Console.WriteLine($"{key.Description}: load {loaded:F1} ms, signature verified {verified}, handshake {handshake}");
    return verified ? 0 : 1;
}
catch (CertCredsException e)
{
    Console.Error.WriteLine($"certcreds: {e.Message} — {e.Hint}");
    return e.ExitCode;
}

static async Task<string> HandshakeAsync(X509Certificate2 client, string caPath)
{
    using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(caPath));
    using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    using var serverCertificate = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256)
        .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    var server = Task.Run(async () =>
    {
        using var socket = await listener.AcceptTcpClientAsync();
        using var tls = new SslStream(socket.GetStream());
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificate = serverCertificate,
            ClientCertificateRequired = true,
            RemoteCertificateValidationCallback = (_, c, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return c is not null && chain.Build(X509CertificateLoader.LoadCertificate(c.GetRawCertData()));
            },
        });
        var buffer = new byte[1];
        await tls.ReadExactlyAsync(buffer);
    });
    var watch = Stopwatch.StartNew();
    using var socket = new TcpClient();
    await socket.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
    using var tls = new SslStream(socket.GetStream());
    await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
    {
        TargetHost = "127.0.0.1",
        ClientCertificates = [client],
        RemoteCertificateValidationCallback = (_, c, _, _) => c?.GetCertHashString() == serverCertificate.GetCertHashString(),
    });
    var elapsed = watch.Elapsed.TotalMilliseconds;
    await tls.WriteAsync(new byte[] { 1 });
    await server;
    return $"{tls.SslProtocol} {elapsed:F1} ms";
}
