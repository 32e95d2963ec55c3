using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CertCreds.Emulator.Faults;
using CertCreds.Emulator.Registry;
using CertCreds.Errors;
using CertCreds.Testing;

namespace CertCreds.EndToEnd;

/// <summary>
/// <c>doctor</c> and the long-running <c>update</c> of the published binary against the in-process emulator: the
/// right cause for each rejection, retries that leave the file alone, and a clean stop on SIGTERM.
/// </summary>
public sealed class SetupVerbsAgainstEmulatorTests : IAsyncLifetime
{
    private readonly InProcessEmulator emulator = new();

    public Task InitializeAsync() => emulator.InitializeAsync();

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    private string CredentialsPath => Path.Combine(emulator.Folder, ".aws", "credentials");

    private List<string> Arguments(string verb, params string[] extra)
    {
        var args = emulator.Arguments(extra);
        args[0] = verb;
        return args;
    }

    [Theory]
    [InlineData("thing", "Invalid thing name passed")]
    [InlineData("policy", "Access Denied")]
    [InlineData("certificate", "Certificate is invalid on this endpoint")]
    [InlineData("role", "Unable to assume the role")]
    [InlineData("duration", "MaxSessionDuration")]
    public async Task Doctor_names_the_rejection_and_its_fix(string broken, string serverWords)
    {
        switch (broken)
        {
            case "policy":
                emulator.Server.Registry.Update(r => r.Policies.Clear());
                break;
            case "certificate":
                emulator.Server.Registry.Update(r => r.Certificates.Single(c => c.Id == emulator.Client1.CertificateId).Status = CertificateStatus.Inactive);
                break;
            case "role":
                emulator.Server.Registry.Update(r => r.Roles[0].TrustsCredentialsProvider = false);
                break;
            case "duration":
                emulator.Server.Registry.Update(r => r.RoleAliases[0].CredentialDurationSeconds = 7200);
                break;
            default:
                break;
        }

        var args = Arguments("doctor", "--json", "--thing-name", broken == "thing" ? "client2" : "client1");
        var run = await ProcessRunner.RunAsync(PublishedBinary.Path, args, ProcessRunner.CleanEnvironment(emulator.Folder));
        Assert.True(run.ExitCode == ExitCodes.Rejected, run.ToString());
        using var document = JsonDocument.Parse(run.Stdout);
        Assert.False(document.RootElement.GetProperty("ok").GetBoolean());
        var request = document.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("check").GetString() == "request");
        Assert.Equal("fail", request.GetProperty("status").GetString());
        Assert.Contains(serverWords, request.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(request.GetProperty("fix").GetString()));
    }

    [Fact]
    public async Task Update_retries_transient_failures_without_touching_the_file_and_stops_cleanly_on_sigterm()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(CredentialsPath)!);
        const string Before = "[other]\naws_access_key_id = AKIAKEEP\n";
        await File.WriteAllTextAsync(CredentialsPath, Before);
        emulator.Server.Faults.Enqueue([.. Enumerable.Repeat(FaultSpec.WithStatus(503), 20)]);
        var info = new ProcessStartInfo(PublishedBinary.Path) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in Arguments("update", "--profile-name", "device", "--timeout", "1"))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Clear();
        foreach (var (name, value) in ProcessRunner.CleanEnvironment(emulator.Folder))
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        try
        {
            // The first fetch gives up at its 1 s deadline; update then waits and tries again.
            await WaitUntilAsync(
                () =>
                {
                    lock (stderr)
                    {
                        return stderr.ToString().Contains("trying again", StringComparison.Ordinal);
                    }
                },
                TimeSpan.FromSeconds(20));
            Assert.Equal(Before, await File.ReadAllTextAsync(CredentialsPath));
            // Serve the rest normally: the next retry (after about 5 s) must write the file.
            emulator.Server.Faults.Clear();
            await WaitUntilAsync(() => File.ReadAllText(CredentialsPath).Contains("[device]", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            Assert.StartsWith(Before, await File.ReadAllTextAsync(CredentialsPath), StringComparison.Ordinal);
        }
        finally
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Did not stop on SIGTERM: kill it so the test leaves nothing behind; the exit code check below fails.
                process.Kill(entireProcessTree: true);
            }
        }

        string log;
        lock (stderr)
        {
            log = stderr.ToString();
        }

        Assert.True(process.ExitCode == 0, log);
        Assert.Contains("left as it is, trying again", log, StringComparison.Ordinal);
        Assert.Contains("certcreds: stopped", log, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        while (!condition())
        {
            Assert.True(Stopwatch.GetElapsedTime(started) < timeout, "timed out waiting");
            await Task.Delay(100);
        }
    }
}
