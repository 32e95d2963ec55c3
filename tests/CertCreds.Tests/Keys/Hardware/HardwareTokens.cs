using System.Diagnostics;
using CertCreds.Platform;

namespace CertCreds.Tests.Keys.Hardware;

/// <summary>
/// The software tokens of tests/scripts/hardware-fixture.sh (SoftHSM2, swtpm + tpm2-abrmd + tpm2-pkcs11, a persistent
/// TPM key), built once for the collection into a temp folder and torn down after. The modules read their settings
/// with getenv, so the fixture's variables go into the C environment (libc setenv), not only .NET's copy.
/// </summary>
public sealed class HardwareTokens : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "certcreds-hw-" + Guid.NewGuid().ToString("N")[..8]);

    public IReadOnlyDictionary<string, string> Values { get; private set; } = new Dictionary<string, string>();

    public string this[string name] => Values[name];

    public string Pin => this["USER_PIN"];

    public static string Script => Path.Combine(RepositoryRoot(), "tests", "scripts", "hardware-fixture.sh");

    /// <summary>What is missing for the fixture, or null when every tool is installed.</summary>
    public static string? Missing()
    {
        string[] tools = ["softhsm2-util", "pkcs11-tool", "swtpm", "tpm2-abrmd", "tpm2_ptool", "tpm2_createprimary", "dbus-daemon", "openssl"];
        var absent = tools.Where(t => !Environment.GetEnvironmentVariable("PATH")!.Split(':').Any(d => File.Exists(Path.Combine(d, t)))
            && !File.Exists(Path.Combine("/usr/sbin", t))).ToList();
        return absent.Count == 0 ? null : string.Join(", ", absent);
    }

    public async Task InitializeAsync()
    {
        var (status, output) = await RunAsync(Script, "up", _directory);
        Assert.True(status == 0, $"hardware fixture did not build (exit {status}): {output}");
        Values = File.ReadAllLines(Path.Combine(_directory, "fixture.env"))
            .Where(l => l.Contains('=', StringComparison.Ordinal))
            .ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        foreach (var name in new[] { "SOFTHSM2_CONF", "DBUS_SESSION_BUS_ADDRESS", "TPM2_PKCS11_TCTI", "TPM2TOOLS_TCTI", "TPM2OPENSSL_TCTI", "TPM2_PKCS11_STORE" })
        {
            Environment.SetEnvironmentVariable(name, Values[name]);
            NativeVariableScope.SetForProcess(name, Values[name]);
        }
    }

    public async Task DisposeAsync() => await RunAsync(Script, "down", _directory);

    /// <summary>Runs a fixture tool with the fixture's environment; returns its exit code and output.</summary>
    public static async Task<(int Status, string Output)> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The TPM's dictionary-attack counter: one per wrong authorization, so it shows how many logins were tried.</summary>
    public static async Task<int> TpmLockoutCounterAsync()
    {
        var (status, output) = await RunAsync("tpm2_getcap", "properties-variable");
        Assert.True(status == 0, output);
        var line = output.Split('\n').Single(l => l.StartsWith("TPM2_PT_LOCKOUT_COUNTER:", StringComparison.Ordinal));
        return Convert.ToInt32(line.Split(':')[1].Trim(), 16);
    }

    public static async Task ClearTpmLockoutAsync()
    {
        var (status, output) = await RunAsync("tpm2_dictionarylockout", "--clear-lockout");
        Assert.True(status == 0, output);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "certcreds.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("certcreds.slnx not found above " + AppContext.BaseDirectory);
    }
}
