using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CertCreds.Certificates;
using CertCreds.Platform;
using CertCreds.Providers;
using CertCreds.Providers.RolesAnywhere;

namespace CertCreds.Tests.Providers.RolesAnywhere;

/// <summary>
/// The provider's real request, over real TLS with the Roles Anywhere handler, checked by an implementation not
/// written in C# (tests/CertCreds.EndToEnd/scripts/verify_sigv4_x509.py, Python's `cryptography`) that rebuilds the
/// canonical request from the bytes on the wire: a misreading of SigV4 shared by signer and C# tests cannot pass.
/// </summary>
public sealed class SignatureCheckedInPythonTests : IAsyncLifetime
{
    private const string TrustAnchor = "arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    private const string Profile = "arn:aws:rolesanywhere:eu-west-1:123456789012:profile/11111111-2222-3333-4444-555555555555";
    private const string Role = "arn:aws:iam::123456789012:role/path/device-role";

    private readonly string folder = Directory.CreateTempSubdirectory("certcreds-ra-").FullName;
    private readonly CaptureTlsServer server = new(() =>
    {
        var body = RolesAnywhereBodies.Created(DateTimeOffset.UtcNow.AddHours(1));
        return $"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    private async Task<byte[]> SendThroughTlsAsync(DeviceIdentity identity, string? sessionName = null)
    {
        var caFile = Path.Combine(folder, "server-ca.pem");
        await File.WriteAllTextAsync(caFile, server.CertificatePem);
        var anchors = TrustAnchors.FromFile(new FileReader(folder), caFile);
        var recorder = new TlsFailureRecorder();
        using var handler = RolesAnywhereHandlerFactory.Create(anchors, recorder, null, TimeSpan.FromSeconds(5));
        using var http = new HttpMessageInvoker(handler);
        var provider = new RolesAnywhereProvider(http, TimeProvider.System, recorder, () => 0.5);
        var request = new RolesAnywhereRequest(TrustAnchor, Profile, Role, endpoint: $"https://localhost:{server.Port}", roleSessionName: sessionName);

        var credentials = await provider.FetchAsync(request, identity, TimeSpan.FromSeconds(20), CancellationToken.None);

        Assert.Equal(CertCreds.Testing.ProviderBodies.AccessKeyId, credentials.AccessKeyId);
        return Assert.Single(server.Requests);
    }

    private async Task<(int ExitCode, string Output)> VerifyAsync(byte[] rawRequest)
    {
        var file = Path.Combine(folder, $"request-{Guid.NewGuid():N}.http");
        await File.WriteAllBytesAsync(file, rawRequest);
        var home = Environment.GetEnvironmentVariable("HOME") ?? "/root";
        var start = new ProcessStartInfo("python3")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "scripts", "verify_sigv4_x509.py"), file },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PATH"] = $"{home}/.pyenv/shims:{Environment.GetEnvironmentVariable("PATH")}";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    private static DeviceIdentity RsaIdentity(bool withIntermediate) => new(
        X509Certificate2.CreateFromPem(KnownAnswerMaterial.LeafPem, KnownAnswerMaterial.LeafKeyPem),
        withIntermediate ? [X509Certificate2.CreateFromPem(KnownAnswerMaterial.CaPem)] : []);

    [Fact]
    public async Task An_rsa_request_with_an_intermediate_verifies_in_python_and_python_computes_the_same_string_to_sign()
    {
        using var identity = RsaIdentity(withIntermediate: true);

        var raw = await SendThroughTlsAsync(identity, sessionName: "build-42");

        var (exitCode, output) = await VerifyAsync(raw);
        Assert.True(exitCode == 0, output);
        Assert.Contains("OK AWS4-X509-RSA-SHA256", output, StringComparison.Ordinal);
        // Python's string to sign, from the wire bytes, equals what the C# signer signs for that request and date.
        var text = Encoding.UTF8.GetString(raw);
        var date = text.Split("\r\n").Single(l => l.StartsWith("X-Amz-Date:", StringComparison.OrdinalIgnoreCase))["X-Amz-Date:".Length..].Trim();
        var request = new RolesAnywhereRequest(TrustAnchor, Profile, Role, endpoint: $"localhost:{server.Port}", roleSessionName: "build-42");
        var expected = SigV4X509Signer.Sign(
            new SigV4X509Request("POST", $"localhost:{server.Port}", "/sessions", request.QueryParameters, [new("Content-Type", "application/json")], request.Body()),
            "eu-west-1",
            identity.Certificate,
            [.. identity.Intermediates],
            DateTimeOffset.ParseExact(date, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
        Assert.Contains(expected.StringToSign.Replace("\n", "\\n", StringComparison.Ordinal), output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_rsa_request_without_intermediates_verifies_in_python()
    {
        using var identity = RsaIdentity(withIntermediate: false);

        var raw = await SendThroughTlsAsync(identity);

        var (exitCode, output) = await VerifyAsync(raw);
        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain("X-Amz-X509-Chain", Encoding.UTF8.GetString(raw), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("nistP256")]
    [InlineData("nistP384")]
    public async Task An_ec_request_with_an_intermediate_verifies_in_python_as_a_der_ecdsa_signature(string curve)
    {
        var (leaf, ca) = QuickCertificates.Issue(ECCurve.CreateFromFriendlyName(curve));
        using var identity = new DeviceIdentity(leaf, [ca]);

        var raw = await SendThroughTlsAsync(identity);

        var (exitCode, output) = await VerifyAsync(raw);
        Assert.True(exitCode == 0, output);
        Assert.Contains("OK AWS4-X509-ECDSA-SHA256", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"durationSeconds\":3600", "\"durationSeconds\":3601")]
    [InlineData("role%2Fpath%2Fdevice-role", "role%2Fpath%2Fdevice-rolf")]
    [InlineData("Content-Type: application/json", "Content-Type: application/jsox")]
    public async Task The_python_verifier_refuses_a_request_changed_after_signing(string original, string tampered)
    {
        using var identity = RsaIdentity(withIntermediate: true);
        var text = Encoding.UTF8.GetString(await SendThroughTlsAsync(identity));
        Assert.Contains(original, text, StringComparison.Ordinal);

        var (exitCode, output) = await VerifyAsync(Encoding.UTF8.GetBytes(text.Replace(original, tampered, StringComparison.Ordinal)));

        Assert.Equal(1, exitCode);
        Assert.Contains("FAIL signature does not verify", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_python_verifier_refuses_a_chain_whose_certificate_did_not_issue_the_leaf()
    {
        var (leaf, ca) = QuickCertificates.Issue(ECCurve.NamedCurves.nistP256);
        ca.Dispose();
        var (otherLeaf, unrelatedCa) = QuickCertificates.Issue(ECCurve.NamedCurves.nistP256);
        otherLeaf.Dispose();
        using var identity = new DeviceIdentity(leaf, [unrelatedCa]);

        var (exitCode, output) = await VerifyAsync(await SendThroughTlsAsync(identity));

        Assert.Equal(1, exitCode);
        Assert.Contains("did not issue", output, StringComparison.Ordinal);
    }
}
