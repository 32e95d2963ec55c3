using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using CertCreds.Certificates;
using CertCreds.Credentials;
using CertCreds.Errors;
using CertCreds.Output;
using CertCreds.Platform;
using CertCreds.Providers;

namespace CertCreds.Cli.Commands;

/// <summary>
/// The <c>doctor</c> checklist: each step one <see cref="CheckResult"/>, in the order a request would fail, each
/// reusing the pieces <c>credential-process</c> uses (<see cref="IdentityLoader"/>, <see cref="TrustAnchors"/>,
/// <see cref="MutualTlsHandlerFactory"/>, <see cref="TlsFailureRecorder"/>, <see cref="ResponseInterpreter"/>), so a
/// pass here means the same code path works. A step whose prerequisite failed is reported as skipped. One request
/// is sent to the endpoint, without retries, so the answer (status, Date) is seen as it is.
/// </summary>
internal sealed class DoctorChecks(CliContext context)
{
    private static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan NoticeableSkew = TimeSpan.FromSeconds(30);

    private readonly List<CheckResult> results = [];

    /// <summary>When the network checks began and how long they may take in all (--timeout): each step gets what is left.</summary>
    private long networkStarted;
    private TimeSpan networkBudget = IdentityArguments.DefaultTimeout;

    public async Task<IReadOnlyList<CheckResult>> RunAsync(FetchSettings settings, string? profile, CancellationToken cancellationToken)
    {
        var files = new FileReader(context.WorkingDirectory);
        CheckFiles(files, settings);
        var identity = CheckIdentity(files, settings);
        try
        {
            var anchors = CheckAnchors(files, settings);
            CheckEndpoint(settings.Request.Endpoint);
            networkStarted = context.Clock.GetTimestamp();
            networkBudget = settings.Timeout;
            var proxy = context.GetEnvironmentVariable("HTTPS_PROXY") ?? context.GetEnvironmentVariable("https_proxy");
            bool tlsOk;
            if (!string.IsNullOrEmpty(proxy))
            {
                // Through a proxy these are the request's own steps: skipped here, but the request must still run.
                Add(CheckResult.Skip("dns+tcp", $"HTTPS_PROXY is set, so the proxy resolves and connects to {settings.Request.Endpoint}"));
                Add(CheckResult.Skip("tls", "checked through the proxy by the request below"));
                tlsOk = true;
            }
            else
            {
                var reachable = await CheckNetworkAsync(settings.Request.Endpoint, cancellationToken).ConfigureAwait(false);
                tlsOk = identity is not null && anchors is not null && reachable
                    ? await CheckTlsAsync(identity, anchors, settings.Request.Endpoint, cancellationToken).ConfigureAwait(false)
                    : Add(CheckResult.Skip("tls", "needs a readable identity, trust anchors and a reachable endpoint"));
            }

            if (identity is not null && anchors is not null && tlsOk)
            {
                await CheckRequestAsync(identity, anchors, settings, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                Add(CheckResult.Skip("request", "needs the checks above to pass"));
            }
        }
        finally
        {
            identity?.Dispose();
        }

        if (profile is not null)
        {
            CheckProfile(profile, settings);
        }

        if (ServeEnvironmentCheck.Run(context.GetEnvironmentVariable) is { } clients)
        {
            Add(clients);
        }

        return results;
    }

    private bool Add(CheckResult result)
    {
        results.Add(result);
        return result.Status is CheckStatus.Pass or CheckStatus.Warn;
    }

    private void CheckFiles(FileReader files, FetchSettings settings)
    {
        var secrets = new List<(string Path, string What)>();
        if (settings.Identity.PrivateKeyPath is not null)
        {
            secrets.Add((settings.Identity.PrivateKeyPath, "private key"));
        }
        else
        {
            secrets.Add((settings.Identity.CertificatePath, "PKCS#12 file"));
        }

        if (settings.Identity.PasswordFile is not null)
        {
            secrets.Add((settings.Identity.PasswordFile, "password file"));
        }

        var problems = new List<string>();
        foreach (var (path, what) in secrets)
        {
            var full = files.Resolve(path);
            if (File.Exists(full) && !OperatingSystem.IsWindows())
            {
                var mode = File.GetUnixFileMode(full);
                if ((mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
                {
                    problems.Add($"the {what} {full} can be read or written by other users");
                }
            }
        }

        try
        {
            foreach (var (path, what, option) in AllFiles(settings))
            {
                _ = files.Read(path, what, option);
            }
        }
        catch (IdentityException e)
        {
            Add(CheckResult.Fail("files", e.Message, e.Hint, e.ExitCode));
            return;
        }

        Add(problems.Count == 0
            ? CheckResult.Pass("files", "every file is readable and the secret ones are private")
            : CheckResult.Warn("files", string.Join("; ", problems), "chmod 600 the key and password files (and keep their folder 0700)"));
    }

    private static IEnumerable<(string Path, string What, string Option)> AllFiles(FetchSettings settings)
    {
        yield return (settings.Identity.CertificatePath, "certificate", "--certificate");
        if (settings.Identity.PrivateKeyPath is not null)
        {
            yield return (settings.Identity.PrivateKeyPath, "private key", "--private-key");
        }

        if (settings.Identity.PasswordFile is not null)
        {
            yield return (settings.Identity.PasswordFile, "password file", "--private-key-password-file");
        }

        if (settings.CaCertPath is not null)
        {
            yield return (settings.CaCertPath, "CA file", "--ca-cert");
        }
    }

    private DeviceIdentity? CheckIdentity(FileReader files, FetchSettings settings)
    {
        DeviceIdentity identity;
        try
        {
            identity = new IdentityLoader(files, context.Clock, () => PasswordSource.FromEnvironmentOrPrompt(context, settings.Identity)).Load(settings.Identity);
        }
        catch (CertCredsException e)
        {
            Add(CheckResult.Fail("identity", e.Message, e.Hint, e.ExitCode));
            Add(CheckResult.Skip("certificate", "needs a readable identity"));
            return null;
        }

        Add(CheckResult.Pass("identity", $"the key matches the certificate; certificate ID {identity.CertificateId}"));
        var certificate = identity.Certificate;
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        var left = notAfter - context.Clock.GetUtcNow();
        var strength = KeyStrength(certificate);
        var until = $"valid until {notAfter.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        if (strength.Weak)
        {
            Add(CheckResult.Fail("certificate", $"{strength.Description} key, {until}", "AWS IoT requires RSA of at least 2048 bits or ECDSA P-256/P-384/P-521: issue a new certificate", ExitCodes.Identity));
        }
        else if (left < TimeSpan.FromDays(30))
        {
            Add(CheckResult.Warn("certificate", $"{strength.Description} key, {until}: {(int)left.TotalDays} days left", "issue and register a new device certificate before it expires"));
        }
        else
        {
            Add(CheckResult.Pass("certificate", $"{strength.Description} key, {until}"));
        }

        return identity;
    }

    private static (string Description, bool Weak) KeyStrength(X509Certificate2 certificate)
    {
        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is not null)
        {
            return ($"RSA {rsa.KeySize}-bit", rsa.KeySize < 2048);
        }

        using var ecdsa = certificate.GetECDsaPublicKey();
        if (ecdsa is not null)
        {
            var curve = ecdsa.ExportParameters(false).Curve.Oid.FriendlyName ?? "unknown curve";
            return ($"ECDSA {curve}", ecdsa.KeySize < 256);
        }

        return ("unknown", true);
    }

    private TrustAnchors? CheckAnchors(FileReader files, FetchSettings settings)
    {
        try
        {
            var anchors = settings.CaCertPath is null ? TrustAnchors.Embedded() : TrustAnchors.FromFile(files, settings.CaCertPath);
            Add(CheckResult.Pass("ca", $"{anchors.Certificates.Count} trust anchor(s) from {anchors.Description}"));
            return anchors;
        }
        catch (CertCredsException e)
        {
            Add(CheckResult.Fail("ca", e.Message, e.Hint, e.ExitCode));
            return null;
        }
    }

    private void CheckEndpoint(IotEndpoint endpoint)
    {
        const string Describe = "use the host from 'aws iot describe-endpoint --endpoint-type iot:CredentialProvider'";
        if (endpoint.LooksLikeDataEndpoint)
        {
            Add(CheckResult.Fail("endpoint", $"{endpoint.Host} is the IoT data endpoint (-ats), which answers every credentials request with 404 Not Found", Describe, ExitCodes.Usage));
        }
        else if (endpoint.Host.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase) && !endpoint.LooksLikeCredentialsEndpoint)
        {
            Add(CheckResult.Warn("endpoint", $"{endpoint.Host} does not look like an IoT credentials endpoint (PREFIX.credentials.iot.REGION.amazonaws.com)", Describe));
        }
        else
        {
            Add(CheckResult.Pass("endpoint", endpoint.LooksLikeCredentialsEndpoint ? $"{endpoint} is a credentials endpoint" : $"{endpoint} is not an AWS host name (an emulator or a private DNS name)"));
        }
    }

    private async Task<bool> CheckNetworkAsync(IotEndpoint endpoint, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StepTimeout(TimeSpan.FromSeconds(5)));
        try
        {
            addresses = await Dns.GetHostAddressesAsync(endpoint.Host, timeout.Token).ConfigureAwait(false);
            Add(CheckResult.Pass("dns", $"{endpoint.Host} resolves to {string.Join(", ", addresses.Take(3).Select(a => a.ToString()))}"));
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Add(CheckResult.Fail("dns", $"{endpoint.Host} could not be resolved ({NetworkFault.Describe(e)})", "check the endpoint's spelling and this machine's DNS; for a VPC endpoint, add the private DNS record for the public credentials host", ExitCodes.Transient));
            Add(CheckResult.Skip("tcp", "needs DNS"));
            return false;
        }

        var errors = new List<string>();
        foreach (var address in addresses)
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            connect.CancelAfter(StepTimeout(TimeSpan.FromSeconds(5)));
            try
            {
                await socket.ConnectAsync(address, endpoint.Port, connect.Token).ConfigureAwait(false);
                return Add(CheckResult.Pass("tcp", $"connected to {address}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}"));
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                errors.Add($"{address}: {(e is OperationCanceledException ? "timed out" : NetworkFault.Describe(e))}");
            }
        }

        return Add(CheckResult.Fail("tcp", $"could not connect to port {endpoint.Port.ToString(CultureInfo.InvariantCulture)} ({string.Join("; ", errors)})", "check firewalls and outbound HTTPS (port 443); behind a proxy set HTTPS_PROXY", ExitCodes.Transient));
    }

    private async Task<bool> CheckTlsAsync(DeviceIdentity identity, TrustAnchors anchors, IotEndpoint endpoint, CancellationToken cancellationToken)
    {
        var recorder = new TlsFailureRecorder();
        X509Certificate2? serverCertificate = null;
        using var handler = MutualTlsHandlerFactory.Create(identity, anchors, recorder, null, TimeSpan.FromSeconds(5));
        var options = handler.SslOptions;
        var validate = options.RemoteCertificateValidationCallback!;
        var sslOptions = new SslClientAuthenticationOptions
        {
            TargetHost = endpoint.Host,
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
        timeout.CancelAfter(StepTimeout(TimeSpan.FromSeconds(10)));
        try
        {
            await client.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token).ConfigureAwait(false);
            using var ssl = new SslStream(client.GetStream());
            await ssl.AuthenticateAsClientAsync(sslOptions, timeout.Token).ConfigureAwait(false);
            return Add(CheckResult.Pass("tls", $"{ssl.SslProtocol} handshake; the server certificate chains to {anchors.Description} and matches {endpoint.Host}"));
        }
        catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException or SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var why = recorder.LastFailure;
            if (why is null)
            {
                return Add(CheckResult.Fail("tls", $"the TLS handshake with {endpoint} failed: {(NetworkFault.IsPlainTextAnswer(e) ? "the server did not answer with TLS (plain HTTP on an HTTPS port?)" : NetworkFault.TlsReason(e) is { Length: > 0 } reason ? reason : NetworkFault.Describe(e))}", "check that nothing between ends TLS, and that the certificate and key are the registered device identity", ExitCodes.Trust));
            }

            return Add(CheckResult.Fail("tls", $"the server certificate was refused by {anchors.Description}: {why}", TrustFix(anchors, serverCertificate, endpoint), ExitCodes.Trust));
        }
        finally
        {
            serverCertificate?.Dispose();
        }
    }

    /// <summary>Which anchors would have worked: the usual mistake is the wrong CA file, or a CA file where the built-in roots would do.</summary>
    private static string TrustFix(TrustAnchors anchors, X509Certificate2? server, IotEndpoint endpoint)
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
            : $"pass the CA that issued the server certificate (issuer '{issuer}') with --ca-cert, and check that {endpoint.Host} is the right endpoint";
    }

    private async Task CheckRequestAsync(DeviceIdentity identity, TrustAnchors anchors, FetchSettings settings, CancellationToken cancellationToken)
    {
        var request = settings.Request;
        var recorder = new TlsFailureRecorder();
        var proxy = context.GetEnvironmentVariable("HTTPS_PROXY") ?? context.GetEnvironmentVariable("https_proxy");
        using var handler = MutualTlsHandlerFactory.Create(identity, anchors, recorder, string.IsNullOrEmpty(proxy) ? null : ProxySettings.Create(proxy, context.GetEnvironmentVariable("NO_PROXY") ?? context.GetEnvironmentVariable("no_proxy"), request.Endpoint.Host), TimeSpan.FromSeconds(5));
        using var http = new HttpMessageInvoker(handler, disposeHandler: false);
        using var message = new HttpRequestMessage(HttpMethod.Get, request.Uri) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        if (request.ThingName is not null)
        {
            message.Headers.TryAddWithoutValidation(Protocol.IotProtocol.ThingNameHeader, request.ThingName);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StepTimeout(settings.Timeout));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            if (handler.Proxy is WebProxy { Address: { } proxyAddress } && e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.ProxyTunnelError })
            {
                // Every connection goes to the proxy first: its failure is the proxy's, not the endpoint's.
                Add(CheckResult.Fail("request", $"GET {request.Uri.AbsolutePath} failed at the proxy {proxyAddress.Host}:{proxyAddress.Port} from HTTPS_PROXY: {NetworkFault.Describe(e)}", "check HTTPS_PROXY (host, port, credentials) and that the proxy allows CONNECT to the endpoint, or exempt the endpoint with NO_PROXY", ExitCodes.Transient));
                return;
            }

            Add(CheckResult.Fail("request", $"GET {request.Uri.AbsolutePath} failed: {(e is OperationCanceledException ? "no answer within the timeout" : NetworkFault.Describe(e))}", recorder.LastFailure ?? "check the network path to the endpoint and any proxy", ExitCodes.Transient));
            return;
        }

        using (response)
        {
            var now = context.Clock.GetUtcNow();
            byte[]? body;
            try
            {
                // Bounded in size and in time: a server that trickles or never ends its body must not hold doctor.
                body = await IotCredentialsProvider.ReadBodyAsync(response, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                Add(CheckResult.Fail("request", $"the endpoint answered {(int)response.StatusCode} but its body {(e is OperationCanceledException ? "did not arrive within the timeout" : "broke off")}", "check --endpoint and any proxy; raise --timeout for a slow network", ExitCodes.Transient));
                return;
            }

            var requestId = response.Headers.TryGetValues(Protocol.IotProtocol.RequestIdHeader, out var ids) ? ids.FirstOrDefault() : null;
            TemporaryCredentials? credentials = null;
            try
            {
                if (body is null)
                {
                    throw new InvalidResponseException($"the endpoint answered {(int)response.StatusCode} with a body over {ResponseInterpreter.MaxBodyBytes} bytes", "this is not the AWS IoT credentials provider: check --endpoint and any proxy");
                }

                var outcome = ResponseInterpreter.Interpret((int)response.StatusCode, requestId, null, body, request, now);
                if (outcome is AttemptOutcome.Retryable retryable)
                {
                    Add(CheckResult.Fail("request", $"the endpoint answered {retryable.Reason}, a failure that may pass", retryable.Status == 429 ? "the AssumeRoleWithCertificate rate limit was hit: call less often (cache credentials)" : "the service is having trouble: try again shortly", ExitCodes.Transient));
                }
                else
                {
                    credentials = ((AttemptOutcome.Success)outcome).Credentials;
                    Add(CheckResult.Pass("request", $"200: credentials for {credentials.AccessKeyId}{(requestId is null ? string.Empty : $" (request id {requestId})")}"));
                }
            }
            catch (CertCredsException e)
            {
                Add(CheckResult.Fail("request", e.Message, e.Hint, e.ExitCode));
            }

            CheckClock(response.Headers.Date, now);
            if (credentials is not null)
            {
                CheckLifetime(credentials, now);
            }
            else
            {
                Add(CheckResult.Skip("lifetime", "no credentials were issued"));
            }
        }
    }

    /// <summary>A step's own limit, cut to what is left of --timeout (zero when nothing is: the step then fails at once).</summary>
    private TimeSpan StepTimeout(TimeSpan stepLimit)
    {
        var left = networkBudget - context.Clock.GetElapsedTime(networkStarted);
        return left <= TimeSpan.Zero ? TimeSpan.Zero : left < stepLimit ? left : stepLimit;
    }

    private void CheckClock(DateTimeOffset? serverDate, DateTimeOffset now)
    {
        if (serverDate is null)
        {
            Add(CheckResult.Warn("clock", "the endpoint sent no Date header, so this device's clock could not be compared", "make sure the clock is synchronised (timedatectl status)"));
            return;
        }

        // Date has whole seconds: up to one second of difference is rounding, not skew.
        var skew = now - serverDate.Value;
        var size = skew.Duration();
        var text = $"this device's clock is {FormatDuration(size)} {(skew > TimeSpan.Zero ? "ahead of" : "behind")} the endpoint's";
        if (size > MaxSkew)
        {
            Add(CheckResult.Fail("clock", text, "fix the clock (timedatectl set-ntp true, chrony or ntpd): with more than 5 min of skew AWS rejects signed requests and fresh credentials look expired", ExitCodes.InvalidResponse));
        }
        else if (size > NoticeableSkew)
        {
            Add(CheckResult.Warn("clock", text, "enable time synchronisation (timedatectl set-ntp true)"));
        }
        else
        {
            Add(CheckResult.Pass("clock", "this device's clock agrees with the endpoint's Date header"));
        }
    }

    private void CheckLifetime(TemporaryCredentials credentials, DateTimeOffset now)
    {
        var left = credentials.Remaining(now);
        var text = $"the credentials are valid for {FormatDuration(left)} (until {CredentialProcessOutput.FormatExpiration(credentials.Expiration)})";
        Add(RefreshWindow.IsInsideAdvisoryWindow(credentials, now)
            ? CheckResult.Warn("lifetime", text + "; AWS clients refresh when fewer than 15 min remain, so they would run certcreds on every call", "raise the role alias's credentialDurationSeconds to 3600 or more (aws iot update-role-alias --credential-duration-seconds 3600)")
            : CheckResult.Pass("lifetime", text + ", longer than the AWS clients' 15 min refresh window"));
    }

    private void CheckProfile(string profile, FetchSettings settings)
    {
        var configPath = AwsFilePaths.Config(context);
        var credentialsPath = AwsFilePaths.Credentials(context);
        IReadOnlyDictionary<string, string>? values;
        try
        {
            var configText = SharedFileEditor.ReadText(configPath);
            AwsFileEditor.CheckBotocoreReadsIt(IniParser.Parse(configText), configPath);
            values = AwsFileEditor.ReadProfile(configText, AwsFileKind.Config, profile);
            ProfileTraps.CheckBeforeCredentialProcess(profile, configPath, configText, credentialsPath, SharedFileEditor.ReadText(credentialsPath));
        }
        catch (CertCredsException e)
        {
            Add(CheckResult.Fail("profile", e.Message, e.Hint, e.ExitCode));
            return;
        }

        var configure = $"run 'certcreds configure --profile {profile}' with the same options";
        if (values is null || !values.TryGetValue("credential_process", out var line))
        {
            Add(CheckResult.Fail("profile", $"{configPath} has no credential_process in profile '{profile}'", configure, ExitCodes.Usage));
            return;
        }

        var words = CommandLine.TrySplit(line);
        if (words is null || words.Count < 2 || words[1] != "credential-process")
        {
            Add(CheckResult.Fail("profile", $"the credential_process of profile '{profile}' is not a certcreds credential-process command: {line}", configure, ExitCodes.Usage));
            return;
        }

        var problems = new List<string>();
        if (!Path.IsPathRooted(words[0]) || !File.Exists(words[0]))
        {
            problems.Add($"the program {words[0]} is not an absolute path to an existing file");
        }

        var absolute = ProfileCommandLine.Absolute(settings, context.WorkingDirectory);
        var expected = new Dictionary<string, string?>
        {
            ["--endpoint"] = absolute.Request.Endpoint.Authority,
            ["--role-alias"] = absolute.Request.RoleAlias,
            ["--certificate"] = absolute.Identity.CertificatePath,
            ["--private-key"] = absolute.Identity.PrivateKeyPath,
            ["--thing-name"] = absolute.Request.ThingName,
            ["--ca-cert"] = absolute.CaCertPath,
        };
        foreach (var (option, value) in expected)
        {
            var index = words.ToList().IndexOf(option);
            var actual = index >= 0 && index + 1 < words.Count ? words[index + 1] : null;
            if (option == "--endpoint" && actual is not null)
            {
                actual = IotEndpoint.Parse(actual).Authority;
            }

            if (actual != value)
            {
                problems.Add($"{option} is {actual ?? "missing"} there but {value ?? "not given"} here");
            }
            else if (actual is not null && option is "--certificate" or "--private-key" or "--ca-cert" && !Path.IsPathRooted(actual))
            {
                problems.Add($"{option} {actual} is relative, and credential_process runs in whatever directory the AWS CLI started in");
            }
        }

        Add(problems.Count == 0
            ? CheckResult.Pass("profile", $"profile '{profile}' in {configPath} runs this setup")
            : CheckResult.Fail("profile", $"profile '{profile}' in {configPath} does not run this setup: {string.Join("; ", problems)}", configure, ExitCodes.Usage));
    }

    private static string FormatDuration(TimeSpan span) =>
        span >= TimeSpan.FromHours(1) ? $"{(int)span.TotalHours} h {span.Minutes} min"
        : span >= TimeSpan.FromMinutes(1) ? $"{(int)span.TotalMinutes} min {span.Seconds} s"
        : $"{(int)span.TotalSeconds} s";
}
