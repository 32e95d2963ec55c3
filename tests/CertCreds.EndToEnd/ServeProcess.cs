namespace CertCreds.EndToEnd;

/// <summary>
/// <c>certcreds serve …</c> run as a real process. Ready once it has printed its three <c>export</c> lines on
/// stdout; stopped with SIGTERM on dispose. <see cref="Log"/> is stderr only: stdout carries the token.
/// </summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private BackgroundProcess process = null!;

    private ServeProcess()
    {
    }

    /// <summary>The variables serve printed, by name.</summary>
    public Dictionary<string, string> Exports { get; } = new(StringComparer.Ordinal);

    public string FullUri => Exports["AWS_CONTAINER_CREDENTIALS_FULL_URI"];

    public string Token => Exports["AWS_CONTAINER_AUTHORIZATION_TOKEN"];

    /// <summary>As printed: with a trailing slash, which every client here accepts (AWS CLI v2 2.9 needs it).</summary>
    public string ImdsEndpoint => Exports["AWS_EC2_METADATA_SERVICE_ENDPOINT"];

    /// <summary><see cref="ImdsEndpoint"/> without the trailing slash, for tests that append "/latest/…" themselves.</summary>
    public string ImdsBase => ImdsEndpoint.TrimEnd('/');

    public int ProcessId => process.Id;

    public string Log => process.Log;

    /// <summary>The container variables for a client.</summary>
    public (string Name, string Value)[] ContainerVariables => [("AWS_CONTAINER_CREDENTIALS_FULL_URI", FullUri), ("AWS_CONTAINER_AUTHORIZATION_TOKEN", Token)];

    public (string Name, string Value)[] ImdsVariables => [("AWS_EC2_METADATA_SERVICE_ENDPOINT", ImdsEndpoint)];

    /// <param name="launcher">A command that runs the binary (e.g. prlimit with its options), or null to run it directly.</param>
    public static async Task<ServeProcess> StartAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, int expectedExports = 3, IReadOnlyList<string>? launcher = null)
    {
        var serve = new ServeProcess();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        List<string> commandLine = launcher is null ? ["serve", .. args] : [.. launcher.Skip(1), PublishedBinary.Path, "serve", .. args];
        serve.process = BackgroundProcess.Start(commandLine, environment, program: launcher?[0], onStdout: line =>
        {
            if (line.StartsWith("export ", StringComparison.Ordinal) && line.IndexOf('=', StringComparison.Ordinal) is var equals and > 7)
            {
                lock (serve.Exports)
                {
                    serve.Exports[line[7..equals]] = line[(equals + 1)..];
                    if (serve.Exports.Count == expectedExports)
                    {
                        ready.TrySetResult();
                    }
                }
            }
        });
        var finished = await Task.WhenAny(ready.Task, serve.process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(30)));
        if (finished != ready.Task)
        {
            await serve.DisposeAsync();
            throw new InvalidOperationException($"certcreds serve did not start (exit {(serve.process.HasExited ? serve.process.ExitCode : -1)}):\n{serve.Log}");
        }

        return serve;
    }

    /// <summary>Sends SIGTERM and waits for the exit; returns the exit code.</summary>
    public Task<int> StopAsync() => process.StopAsync();

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
