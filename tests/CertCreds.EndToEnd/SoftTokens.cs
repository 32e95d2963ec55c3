namespace CertCreds.EndToEnd;

/// <summary>
/// tests/scripts/hardware-fixture.sh's software tokens for the published binary: built once for the class into a temp
/// folder, torn down by the pids the script recorded. The binary is a child process, so the fixture's variables
/// (SOFTHSM2_CONF, the TPM's bus and TCTI) reach it through its environment.
/// </summary>
public sealed class SoftTokens : IAsyncLifetime
{
    private static readonly string[] Passed = ["SOFTHSM2_CONF", "DBUS_SESSION_BUS_ADDRESS", "TPM2_PKCS11_TCTI", "TPM2TOOLS_TCTI", "TPM2OPENSSL_TCTI", "TPM2_PKCS11_STORE"];

    private readonly string directory = Path.Combine(Path.GetTempPath(), "certcreds-e2e-hw-" + Guid.NewGuid().ToString("N")[..8]);

    public IReadOnlyDictionary<string, string> Values { get; private set; } = new Dictionary<string, string>();

    public string this[string name] => Values[name];

    private static string Script => Path.Combine(PublishedBinary.RepositoryRoot(), "tests", "scripts", "hardware-fixture.sh");

    /// <summary>The variables the token modules read, for the binary's environment.</summary>
    public (string Name, string Value)[] Environment => [.. Passed.Select(name => (name, Values[name]))];

    public async Task InitializeAsync()
    {
        var run = await ProcessRunner.RunAsync(Script, ["up", directory], new Dictionary<string, string>(System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!)), timeout: TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, $"hardware fixture did not build: {run}");
        Values = File.ReadAllLines(Path.Combine(directory, "fixture.env"))
            .Where(l => l.Contains('=', StringComparison.Ordinal))
            .ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]);
    }

    public async Task DisposeAsync() =>
        await ProcessRunner.RunAsync(Script, ["down", directory], new Dictionary<string, string> { ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin" });
}
