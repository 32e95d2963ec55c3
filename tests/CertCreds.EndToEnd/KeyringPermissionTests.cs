using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CertCreds.Credentials;
using CertCreds.Platform;

namespace CertCreds.EndToEnd;

/// <summary>
/// The keyring warm cache's security claim, checked against the kernel: an entry stored by one user cannot be
/// read, or even described, by another local user who knows its serial number.
/// </summary>
public sealed class KeyringPermissionTests
{
    // keyctl(KEYCTL_READ) and keyctl(KEYCTL_DESCRIBE) on a serial, through libc's syscall; prints "read errno describe errno".
    private const string Probe = """
        import ctypes, os, sys
        libc = ctypes.CDLL(None, use_errno=True)
        nr = 250 if os.uname().machine == "x86_64" else 219
        serial = int(sys.argv[1])
        buf = ctypes.create_string_buffer(40000)
        r = libc.syscall(ctypes.c_long(nr), ctypes.c_long(11), ctypes.c_long(serial), buf, ctypes.c_long(40000), ctypes.c_long(0))
        e = ctypes.get_errno()
        d = libc.syscall(ctypes.c_long(nr), ctypes.c_long(6), ctypes.c_long(serial), buf, ctypes.c_long(512), ctypes.c_long(0))
        print(r, e if r < 0 else 0, d, ctypes.get_errno() if d < 0 else 0)
        """;

    [RootFact]
    public async Task Another_local_user_can_neither_read_nor_describe_a_keyring_entry()
    {
        var keyring = new KernelKeyring();
        var cache = new KeyringCache(keyring, TimeProvider.System);
        var fingerprint = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var document = Encoding.UTF8.GetBytes("""{"Version":1,"AccessKeyId":"ASIAOTHERUSER","SecretAccessKey":"SECRET-keyring-test","SessionToken":"t","Expiration":"2099-01-01T00:00:00Z"}""");
        var script = Path.Combine(Path.GetTempPath(), "certcreds-keyprobe-" + fingerprint[..8] + ".py");
        await File.WriteAllTextAsync(script, Probe);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        try
        {
            Assert.Equal(0, cache.Store(fingerprint, document, DateTimeOffset.UtcNow.AddMinutes(5)));
            Assert.Equal(0, keyring.Search(KeyringCache.Description(fingerprint), out var serial));
            var serialText = serial.ToString(CultureInfo.InvariantCulture);

            // The probe works: run by the owner, it reads the whole payload.
            var owner = await ProcessRunner.RunAsync("python3", [script, serialText], ProcessRunner.CleanEnvironment("/tmp"));
            Assert.True(owner.ExitCode == 0, owner.ToString());
            var ownerFields = owner.Stdout.Split(' ', StringSplitOptions.TrimEntries);
            Assert.True(int.Parse(ownerFields[0], CultureInfo.InvariantCulture) > document.Length, owner.ToString());

            await using var other = await LocalUser.CreateAsync();
            var run = await other.RunAsync("python3", [script, serialText]);
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal("-1 13 -1 13", run.Stdout.Trim());
            Assert.DoesNotContain("SECRET", run.AllOutput, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(script);
            if (keyring.Search(KeyringCache.Description(fingerprint), out var serial) == 0)
            {
                keyring.Invalidate(serial);
            }
        }
    }
}
