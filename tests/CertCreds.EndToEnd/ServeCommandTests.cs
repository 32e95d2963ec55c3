using System.Net;

namespace CertCreds.EndToEnd;

/// <summary><c>certcreds serve</c> options as a user runs them: the token file, a non-loopback address.</summary>
public sealed class ServeCommandTests : IClassFixture<InProcessEmulatorFixture>, IDisposable
{
    private readonly InProcessEmulatorFixture emulator;
    private readonly string home = Directory.CreateTempSubdirectory("certcreds-e2e-serve-cmd-").FullName;

    public ServeCommandTests(InProcessEmulatorFixture emulator) => this.emulator = emulator;

    public void Dispose() => Directory.Delete(home, recursive: true);

    private List<string> ServeArguments(params string[] extra)
    {
        var args = emulator.Arguments(extra);
        args.RemoveAt(0);
        return args;
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Token_file_is_0600_without_a_trailing_newline_and_botocore_reads_it()
    {
        var tokenFile = Path.Combine(home, "token");
        var serve = await ServeProcess.StartAsync(ServeArguments("--token-file", tokenFile), ProcessRunner.CleanEnvironment(home));
        await using (serve)
        {
            Assert.Equal(tokenFile, serve.Exports["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"]);
            Assert.False(serve.Exports.ContainsKey("AWS_CONTAINER_AUTHORIZATION_TOKEN"));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
            var token = await File.ReadAllTextAsync(tokenFile);
            Assert.False(token.EndsWith('\n'));
            Assert.True(token.Length >= 40);

            var script = "import boto3; c=boto3.Session().get_credentials(); print(c.method, c.access_key[:4])";
            var run = await ProcessRunner.RunAsync(
                ProcessRunner.Require("python3"),
                ["-c", script],
                ProcessRunner.CleanEnvironment(home, ("AWS_CONTAINER_CREDENTIALS_FULL_URI", serve.FullUri), ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", tokenFile), ("AWS_CONFIG_FILE", Path.Combine(home, "none")), ("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(home, "none"))));
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal("container-role ASIA", run.Stdout.Trim());
        }
    }

    [Fact]
    public async Task A_non_loopback_address_needs_allow_remote_and_gets_a_loud_warning()
    {
        var refused = await ProcessRunner.RunAsync(PublishedBinary.Path, ["serve", .. ServeArguments("--address", "0.0.0.0")], ProcessRunner.CleanEnvironment(home));
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal(string.Empty, refused.Stdout);

        var serve = await ServeProcess.StartAsync(ServeArguments("--address", "0.0.0.0", "--allow-remote"), ProcessRunner.CleanEnvironment(home));
        await using (serve)
        {
            Assert.Contains("certcreds: warning: SERVING CREDENTIALS ON 0.0.0.0", serve.Log, StringComparison.Ordinal);
            Assert.StartsWith("http://127.0.0.1:", serve.FullUri, StringComparison.Ordinal);
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, serve.FullUri);
            request.Headers.TryAddWithoutValidation("Authorization", serve.Token);
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
