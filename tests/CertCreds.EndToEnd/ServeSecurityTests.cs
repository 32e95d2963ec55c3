using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace CertCreds.EndToEnd;

/// <summary>
/// Who may take credentials from <c>serve</c> and <c>exec</c>: a second local user (created by the test), a web
/// page (DNS rebinding, browser headers), a flood of idle sockets; and the addresses serve advertises.
/// </summary>
public sealed class ServeSecurityTests : IClassFixture<InProcessEmulatorFixture>, IDisposable
{
    private readonly InProcessEmulatorFixture emulator;
    private readonly string home = Directory.CreateTempSubdirectory("certcreds-e2e-serve-sec-").FullName;

    public ServeSecurityTests(InProcessEmulatorFixture emulator) => this.emulator = emulator;

    public void Dispose() => Directory.Delete(home, recursive: true);

    private List<string> ServeArguments(params string[] extra)
    {
        var args = emulator.Arguments(extra);
        args.RemoveAt(0);
        return args;
    }

    /// <summary>curl as the given runner: the status code and the body.</summary>
    private static async Task<(int Status, string Body)> CurlAsync(Func<string, string[], Task<CertCreds.Testing.CliRun>> run, params string[] args)
    {
        var result = await run(ProcessRunner.Require("curl"), ["-s", "-m", "10", "-w", "\n%{http_code}", .. args]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var split = result.Stdout.LastIndexOf('\n');
        return (int.Parse(result.Stdout[(split + 1)..], System.Globalization.CultureInfo.InvariantCulture), result.Stdout[..split]);
    }

    private Task<CertCreds.Testing.CliRun> AsOwner(string program, string[] args) => ProcessRunner.RunAsync(program, args, ProcessRunner.CleanEnvironment(home));

    private static string[] PutToken(string imds) => ["-X", "PUT", "-H", "x-aws-ec2-metadata-token-ttl-seconds: 60", imds.TrimEnd('/') + "/latest/api/token"];

    private static string[] GetCredentials(string imds, string token) => ["-H", "x-aws-ec2-metadata-token: " + token, imds.TrimEnd('/') + "/latest/meta-data/iam/security-credentials/"];

    [RootFact]
    public async Task Imds_answers_the_owner_and_refuses_a_second_local_user_who_gets_the_container_endpoint_only_with_its_token()
    {
        var serve = await ServeProcess.StartAsync(ServeArguments(), ProcessRunner.CleanEnvironment(home));
        await using (serve)
        {
            var other = await LocalUser.CreateAsync();
            await using (other)
            {
                var (ownerStatus, ownerToken) = await CurlAsync(AsOwner, PutToken(serve.ImdsEndpoint));
                Assert.Equal(200, ownerStatus);
                var (listed, role) = await CurlAsync(AsOwner, GetCredentials(serve.ImdsEndpoint, ownerToken));
                Assert.Equal(200, listed);
                Assert.Equal(200, (await CurlAsync(AsOwner, GetCredentials(serve.ImdsEndpoint, ownerToken)[..^1].Append(serve.ImdsEndpoint.TrimEnd('/') + "/latest/meta-data/iam/security-credentials/" + role).ToArray())).Status);

                var (put, putBody) = await CurlAsync(other.RunAsync, PutToken(serve.ImdsEndpoint));
                Assert.Equal(403, put);
                Assert.Equal("Forbidden", JsonDocument.Parse(putBody).RootElement.GetProperty("Code").GetString());

                // Even with a token the owner obtained: the endpoint looks at who asks, not at what they hold.
                var (stolen, stolenBody) = await CurlAsync(other.RunAsync, GetCredentials(serve.ImdsEndpoint, ownerToken));
                Assert.Equal(403, stolen);
                Assert.DoesNotContain("AccessKeyId", stolenBody, StringComparison.Ordinal);

                Assert.Equal(401, (await CurlAsync(other.RunAsync, serve.FullUri)).Status);
                Assert.Equal(200, (await CurlAsync(other.RunAsync, "-H", "Authorization: " + serve.Token, serve.FullUri)).Status);
            }
        }
    }

    [RootFact]
    public async Task With_imds_any_local_user_a_second_user_gets_credentials_and_serve_warns_about_it()
    {
        var serve = await ServeProcess.StartAsync(ServeArguments("--imds-any-local-user"), ProcessRunner.CleanEnvironment(home));
        await using (serve)
        {
            Assert.Contains("every user of this machine can get the role's credentials", serve.Log, StringComparison.Ordinal);
            var other = await LocalUser.CreateAsync();
            await using (other)
            {
                var (put, token) = await CurlAsync(other.RunAsync, PutToken(serve.ImdsEndpoint));
                Assert.Equal(200, put);
                Assert.Equal(200, (await CurlAsync(other.RunAsync, GetCredentials(serve.ImdsEndpoint, token))).Status);
            }
        }

        var help = await ProcessRunner.RunAsync(PublishedBinary.Path, ["serve", "--help"], ProcessRunner.CleanEnvironment(home));
        Assert.Contains("every local user", help.Stdout.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_offers_no_imds_endpoint_only_the_container_one()
    {
        var args = emulator.Arguments();
        args[0] = "exec";
        var script = "base=${AWS_CONTAINER_CREDENTIALS_FULL_URI%/credentials}; "
            + "curl -s -o /dev/null -w '%{http_code} ' -X PUT -H 'x-aws-ec2-metadata-token-ttl-seconds: 60' \"$base/latest/api/token\"; "
            + "curl -s -o /dev/null -w '%{http_code}' -H \"Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN\" \"$AWS_CONTAINER_CREDENTIALS_FULL_URI\"";
        var run = await ProcessRunner.RunAsync(PublishedBinary.Path, [.. args, "--", "/bin/sh", "-c", script], ProcessRunner.CleanEnvironment(home));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("404 200", run.Stdout);
    }

    [Fact]
    public async Task Rebound_host_names_and_browser_requests_are_refused_with_json_errors()
    {
        var serve = await ServeProcess.StartAsync(ServeArguments(), ProcessRunner.CleanEnvironment(home));
        await using (serve)
        {
            var port = new Uri(serve.FullUri).Port;
            foreach (var (header, value, expected) in (ValueTuple<string, string, HttpStatusCode>[])[
                ("Host", $"attacker.example:{port}", HttpStatusCode.Forbidden),
                ("Host", $"127.0.0.1:{port + 1}", HttpStatusCode.Forbidden),
                ("Origin", "http://attacker.example", HttpStatusCode.Forbidden),
                ("Sec-Fetch-Mode", "cors", HttpStatusCode.Forbidden),
                ("Host", $"localhost:{port}", HttpStatusCode.OK),
                ("Host", $"127.0.0.1:{port}", HttpStatusCode.OK)])
            {
                using var http = new HttpClient();
                using var request = new HttpRequestMessage(HttpMethod.Get, serve.FullUri);
                request.Headers.TryAddWithoutValidation("Authorization", serve.Token);
                if (header == "Host")
                {
                    request.Headers.Host = value;
                }
                else
                {
                    request.Headers.TryAddWithoutValidation(header, value);
                }

                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(expected == response.StatusCode, $"{header}: {value} → {(int)response.StatusCode}");
                if (expected == HttpStatusCode.Forbidden)
                {
                    Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
                    Assert.Equal("Forbidden", JsonDocument.Parse(body).RootElement.GetProperty("Code").GetString());
                    Assert.DoesNotContain("AccessKeyId", body, StringComparison.Ordinal);
                }
            }
        }
    }

    [Theory]
    [InlineData("127.0.0.2", "http://127.0.0.2:")]
    [InlineData("::1", "http://[::1]:")]
    public async Task Serve_advertises_the_address_it_bound_and_answers_there(string address, string expectedPrefix)
    {
        var serve = await ServeProcess.StartAsync(ServeArguments("--address", address), ProcessRunner.CleanEnvironment(home));
        await using (serve)
        {
            Assert.StartsWith(expectedPrefix, serve.FullUri, StringComparison.Ordinal);
            Assert.StartsWith(expectedPrefix, serve.ImdsEndpoint, StringComparison.Ordinal);
            Assert.Equal(200, (await CurlAsync(AsOwner, "-H", "Authorization: " + serve.Token, serve.FullUri)).Status);
            var (put, token) = await CurlAsync(AsOwner, PutToken(serve.ImdsEndpoint));
            Assert.Equal(200, put);
            Assert.Equal(200, (await CurlAsync(AsOwner, GetCredentials(serve.ImdsEndpoint, token))).Status);
        }
    }

    [Fact]
    public async Task Two_thousand_idle_sockets_do_not_keep_a_real_client_waiting()
    {
        // With 1024 descriptors, 2000 idle sockets would exhaust an uncapped server (as 20,000 did at the usual limit).
        var serve = await ServeProcess.StartAsync(ServeArguments(), ProcessRunner.CleanEnvironment(home), launcher: [ProcessRunner.Require("prlimit"), "--nofile=1024:1024", "--"]);
        await using (serve)
        {
            var endpoint = new IPEndPoint(IPAddress.Loopback, new Uri(serve.FullUri).Port);
            var idle = new List<Socket>();
            try
            {
                for (var i = 0; i < 2000; i++)
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    idle.Add(socket);
                    using var connectTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await socket.ConnectAsync(endpoint, connectTimeout.Token);
                }

                var clock = Stopwatch.StartNew();
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
                using var request = new HttpRequestMessage(HttpMethod.Get, serve.FullUri);
                request.Headers.TryAddWithoutValidation("Authorization", serve.Token);
                using var response = await http.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"the real request took {clock.Elapsed.TotalMilliseconds:0} ms");
            }
            finally
            {
                foreach (var socket in idle)
                {
                    socket.Dispose();
                }
            }
        }
    }

    [RootFact]
    public async Task Serve_running_as_a_user_is_not_dumpable_so_another_process_of_that_user_cannot_read_its_environment()
    {
        var other = await LocalUser.CreateAsync();
        await using (other)
        {
            // The identity, readable by that user only, in a folder of theirs.
            var folder = Directory.CreateDirectory(Path.Combine(home, "other-user")).FullName;
            var client = emulator.Client1;
            File.Copy(client.CertificatePath, Path.Combine(folder, "cert.pem"));
            File.Copy(client.PrivateKeyPath, Path.Combine(folder, "key.pem"));
            File.Copy(emulator.State.RootCaPath, Path.Combine(folder, "ca.pem"));
            Assert.Equal(0, (await ProcessRunner.RunAsync("chown", ["-R", other.Name, folder], ProcessRunner.CleanEnvironment(home))).ExitCode);
            File.SetUnixFileMode(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute);

            // setpriv runs the binary in its own process (no fork), so its pid is the server's.
            var exports = 0;
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var serve = BackgroundProcess.Start(
                ["--reuid=" + other.Name, "--regid=" + other.Name, "--clear-groups", "--", PublishedBinary.Path, "serve", "--endpoint", emulator.Server.Endpoint, "--role-alias", CertCreds.Emulator.State.EmulatorStateDirectory.SeedRoleAlias,
                    "--certificate", Path.Combine(folder, "cert.pem"), "--private-key", Path.Combine(folder, "key.pem"), "--ca-cert", Path.Combine(folder, "ca.pem")],
                ProcessRunner.CleanEnvironment(folder, ("CERTCREDS_MARKER", "visible-in-environ")),
                line =>
                {
                    if (line.StartsWith("export ", StringComparison.Ordinal) && Interlocked.Increment(ref exports) == 3)
                    {
                        ready.TrySetResult();
                    }
                },
                program: ProcessRunner.Require("setpriv"));
            await using (serve)
            {
                Assert.True(await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromSeconds(30))) == ready.Task, serve.Log);
                var pid = serve.Id;
                Assert.Contains($"Uid:\t{await UidOfAsync(other.Name)}\t", await File.ReadAllTextAsync($"/proc/{pid}/status"), StringComparison.Ordinal);

                // A plain process of the same user, for contrast: its /proc files are that user's and readable by them.
                var sleeper = await other.RunAsync("/bin/sh", ["-c", "sleep 30 & p=$!; head -c 0 /proc/$p/environ && echo readable; kill $p"]);
                Assert.Equal("readable\n", sleeper.Stdout);

                var owner = await ProcessRunner.RunAsync("stat", ["-c", "%u", $"/proc/{pid}/environ"], ProcessRunner.CleanEnvironment(home));
                Assert.Equal("0", owner.Stdout.Trim());
                var read = await other.RunAsync("/bin/cat", [$"/proc/{pid}/environ"]);
                Assert.NotEqual(0, read.ExitCode);
                Assert.DoesNotContain("visible-in-environ", read.Stdout, StringComparison.Ordinal);
            }
        }
    }

    [RootFact]
    public async Task Exec_and_the_emulator_are_not_dumpable_either_but_the_command_exec_runs_is_as_usual()
    {
        var other = await LocalUser.CreateAsync();
        await using (other)
        {
            var folder = Directory.CreateDirectory(Path.Combine(home, "other-user")).FullName;
            File.Copy(emulator.Client1.CertificatePath, Path.Combine(folder, "cert.pem"));
            File.Copy(emulator.Client1.PrivateKeyPath, Path.Combine(folder, "key.pem"));
            File.Copy(emulator.State.RootCaPath, Path.Combine(folder, "ca.pem"));
            Assert.Equal(0, (await ProcessRunner.RunAsync("chown", ["-R", other.Name, folder], ProcessRunner.CleanEnvironment(home))).ExitCode);
            File.SetUnixFileMode(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute);
            var uid = await UidOfAsync(other.Name);
            string[] asOther = ["--reuid=" + other.Name, "--regid=" + other.Name, "--clear-groups", "--", PublishedBinary.Path];

            var childPid = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var exec = BackgroundProcess.Start(
                [.. asOther, "exec", "--endpoint", emulator.Server.Endpoint, "--role-alias", CertCreds.Emulator.State.EmulatorStateDirectory.SeedRoleAlias,
                    "--certificate", Path.Combine(folder, "cert.pem"), "--private-key", Path.Combine(folder, "key.pem"), "--ca-cert", Path.Combine(folder, "ca.pem"),
                    "--", "/bin/sh", "-c", "echo $$; exec sleep 30"],
                ProcessRunner.CleanEnvironment(folder),
                line => childPid.TrySetResult(int.Parse(line, System.Globalization.CultureInfo.InvariantCulture)),
                program: ProcessRunner.Require("setpriv"));
            await using (exec)
            {
                Assert.True(await Task.WhenAny(childPid.Task, Task.Delay(TimeSpan.FromSeconds(30))) == childPid.Task, exec.Log);
                Assert.Equal("0", await ProcOwnerAsync(exec.Id));
                Assert.Equal(uid, await ProcOwnerAsync(await childPid.Task));
            }

            var state = Path.Combine(folder, "state");
            var emulatorProcess = BackgroundProcess.Start([.. asOther, "emulator", "--state-dir", state, "--port", "0"], ProcessRunner.CleanEnvironment(folder), program: ProcessRunner.Require("setpriv"));
            await using (emulatorProcess)
            {
                for (var wait = 0; wait < 300 && !File.Exists(Path.Combine(state, "endpoint")); wait++)
                {
                    await Task.Delay(100);
                }

                Assert.True(File.Exists(Path.Combine(state, "endpoint")), emulatorProcess.Log);
                Assert.Equal("0", await ProcOwnerAsync(emulatorProcess.Id));
            }
        }
    }

    /// <summary>Who owns /proc/PID's files: the process's user, or root when it is not dumpable.</summary>
    private async Task<string> ProcOwnerAsync(int pid) =>
        (await ProcessRunner.RunAsync("stat", ["-c", "%u", $"/proc/{pid}/environ"], ProcessRunner.CleanEnvironment(home))).Stdout.Trim();

    private async Task<string> UidOfAsync(string user) => (await ProcessRunner.RunAsync("id", ["-u", user], ProcessRunner.CleanEnvironment(home))).Stdout.Trim();
}
