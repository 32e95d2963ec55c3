using System.Security.Cryptography;
using CertCreds.Testing;

namespace CertCreds.EndToEnd;

/// <summary>A throw-away local user (no home, no login shell) for tests that need a second person on the machine; removed on dispose.</summary>
public sealed class LocalUser : IAsyncDisposable
{
    private LocalUser(string name) => Name = name;

    public string Name { get; }

    public static async Task<LocalUser> CreateAsync()
    {
        var name = "ccx" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var run = await ProcessRunner.RunAsync("useradd", ["--no-create-home", "--shell", "/usr/sbin/nologin", name], ProcessRunner.CleanEnvironment("/"));
        Assert.True(run.ExitCode == 0, run.ToString());
        return new LocalUser(name);
    }

    /// <summary>Runs a program as this user (runuser, from root), with a clean environment.</summary>
    public Task<CliRun> RunAsync(string program, IEnumerable<string> args) =>
        ProcessRunner.RunAsync("runuser", ["-u", Name, "--", program, .. args], ProcessRunner.CleanEnvironment("/tmp"), workingDirectory: "/tmp");

    public async ValueTask DisposeAsync()
    {
        var run = await ProcessRunner.RunAsync("userdel", [Name], ProcessRunner.CleanEnvironment("/"));
        Assert.True(run.ExitCode == 0, run.ToString());
    }
}
