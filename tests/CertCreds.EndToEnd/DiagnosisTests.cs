using CertCreds.Errors;
using CertCreds.Testing;

namespace CertCreds.EndToEnd;

/// <summary>Diagnoses that used to name the wrong cause, checked on the published binary.</summary>
public sealed class DiagnosisTests : IAsyncLifetime
{
    private readonly InProcessEmulator emulator = new();

    public Task InitializeAsync() => emulator.InitializeAsync();

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    [Fact]
    public async Task A_certificate_in_a_folder_this_user_may_not_search_is_unreadable_not_missing()
    {
        // As root, the binary runs as nobody (root may search every folder); as anyone else, as itself.
        var asRoot = Environment.UserName == "root";
        var folder = Path.Combine(Path.GetTempPath(), "certcreds-e2e-locked-" + Guid.NewGuid().ToString("N"));
        var locked = Path.Combine(folder, "locked");
        Directory.CreateDirectory(locked);
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        var certificate = Path.Combine(locked, "certificate.pem.crt");
        File.Copy(emulator.Client1.CertificatePath, certificate);
        File.SetUnixFileMode(locked, UnixFileMode.None);
        try
        {
            var args = emulator.Arguments("--no-cache");
            args[args.IndexOf("--certificate") + 1] = certificate;
            var environment = ProcessRunner.CleanEnvironment(folder);
            var run = asRoot
                ? await ProcessRunner.RunAsync(ProcessRunner.Require("setpriv"), ["--reuid=65534", "--regid=65534", "--clear-groups", PublishedBinary.Path, .. args], environment, workingDirectory: "/")
                : await ProcessRunner.RunAsync(PublishedBinary.Path, args, environment, workingDirectory: "/");
            Assert.True(run.ExitCode == ExitCodes.Identity, run.ToString());
            Assert.Contains($"the certificate {certificate} cannot be read: a folder on its path may not be searched by this user (permission denied)", run.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("does not exist", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_chain_with_the_ca_first_says_to_put_the_device_certificate_first()
    {
        var reordered = Path.Combine(emulator.Folder, "ca-first.pem");
        var deviceCa = await File.ReadAllTextAsync(Path.Combine(emulator.State.Path, "device-ca", "ca.pem.crt"));
        await File.WriteAllTextAsync(reordered, deviceCa.TrimEnd() + "\n" + await File.ReadAllTextAsync(emulator.Client1.CertificatePath));
        var args = emulator.Arguments("--no-cache");
        args[args.IndexOf("--certificate") + 1] = reordered;
        var run = await ProcessRunner.RunAsync(PublishedBinary.Path, args, ProcessRunner.CleanEnvironment(emulator.Folder), workingDirectory: emulator.Folder);
        Assert.True(run.ExitCode == ExitCodes.Identity, run.ToString());
        Assert.Contains("starts with a CA certificate", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("put the device certificate first", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_typo_in_the_verb_suggests_the_verb()
    {
        var run = await ProcessRunner.RunAsync(PublishedBinary.Path, ["credntial-process", "--endpoint", "x"], ProcessRunner.CleanEnvironment(emulator.Folder));
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("did you mean 'certcreds credential-process'?", run.Stderr, StringComparison.Ordinal);
    }
}
