using System.Runtime.InteropServices;
using System.Text;

namespace CertCreds.Platform;

/// <summary>
/// <see cref="IKernelKeyring"/> through raw system calls (libc's <c>syscall</c>): glibc has no wrappers for the key
/// calls and libkeyutils is not installed everywhere, so no package is needed. On an architecture whose call
/// numbers are not listed here every call answers ENOSYS, as a kernel without keys would.
/// </summary>
public sealed unsafe partial class KernelKeyring : IKernelKeyring
{
    public const int NotImplemented = 38;
    public const int NoKey = 126;
    public const int KeyExpired = 127;
    public const int KeyRevoked = 128;

    /// <summary>The special serial of the calling user's user keyring (KEY_SPEC_USER_KEYRING); reading it lists its keys.</summary>
    public const int UserKeyringSerial = -4;

    private const nint UserKeyring = -4;
    private const nint OperationDescribe = 6;
    private const nint OperationSetPermissions = 5;
    private const nint OperationSearch = 10;
    private const nint OperationRead = 11;
    private const nint OperationSetTimeout = 15;
    private const nint OperationInvalidate = 21;

    private static ReadOnlySpan<byte> UserType => "user\0"u8;

    public int Search(string description, out int serial)
    {
        serial = 0;
        var name = NulTerminated(description);
        fixed (byte* type = UserType)
        fixed (byte* text = name)
        {
            var result = KeyCtl(OperationSearch, UserKeyring, (nint)type, (nint)text, 0);
            if (result < 0)
            {
                return Marshal.GetLastPInvokeError();
            }

            serial = (int)result;
            return 0;
        }
    }

    public int Read(int serial, Span<byte> buffer, out int length)
    {
        length = 0;
        fixed (byte* target = buffer)
        {
            var result = KeyCtl(OperationRead, serial, (nint)target, buffer.Length, 0);
            if (result < 0)
            {
                return Marshal.GetLastPInvokeError();
            }

            length = (int)result;
            return 0;
        }
    }

    public int Add(string description, ReadOnlySpan<byte> payload, out int serial)
    {
        serial = 0;
        var name = NulTerminated(description);
        fixed (byte* type = UserType)
        fixed (byte* text = name)
        fixed (byte* data = payload)
        {
            var number = CallNumber(0);
            if (number < 0)
            {
                return NotImplemented;
            }

            var result = Syscall(number, (nint)type, (nint)text, (nint)data, payload.Length, UserKeyring);
            if (result < 0)
            {
                return Marshal.GetLastPInvokeError();
            }

            serial = (int)result;
            return 0;
        }
    }

    public int SetPermissions(int serial, uint permissions) =>
        KeyCtl(OperationSetPermissions, serial, (nint)permissions, 0, 0) < 0 ? Marshal.GetLastPInvokeError() : 0;

    public int SetTimeout(int serial, uint seconds) =>
        KeyCtl(OperationSetTimeout, serial, (nint)seconds, 0, 0) < 0 ? Marshal.GetLastPInvokeError() : 0;

    public int Invalidate(int serial) =>
        KeyCtl(OperationInvalidate, serial, 0, 0, 0) < 0 ? Marshal.GetLastPInvokeError() : 0;

    public int Describe(int serial, out string description)
    {
        description = string.Empty;
        Span<byte> buffer = stackalloc byte[512];
        fixed (byte* target = buffer)
        {
            var result = KeyCtl(OperationDescribe, serial, (nint)target, buffer.Length, 0);
            if (result < 0)
            {
                return Marshal.GetLastPInvokeError();
            }

            // The answer counts its terminating NUL.
            var length = (int)Math.Min(result, buffer.Length);
            description = Encoding.UTF8.GetString(buffer[..length]).TrimEnd('\0');
            return 0;
        }
    }

    public KeyringQuota? Quota()
    {
        // "  uid:  usage nkeys/nikeys qnkeys/maxkeys qnbytes/maxbytes", one line per user with keys.
        string[] lines;
        try
        {
            lines = File.ReadAllLines("/proc/key-users");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var uid = NativeFile.EffectiveUserId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":";
        foreach (var line in lines)
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 5 && fields[0] == uid && Pair(fields[3]) is { } keys && Pair(fields[4]) is { } bytes)
            {
                return new KeyringQuota(keys.Used, keys.Max, bytes.Used, bytes.Max);
            }
        }

        // No line: the user holds no keys yet, and the kernel's defaults apply; unknown defaults are not guessed.
        return null;
    }

    private static (long Used, long Max)? Pair(string field)
    {
        var slash = field.IndexOf('/', StringComparison.Ordinal);
        return slash > 0
            && long.TryParse(field.AsSpan(0, slash), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var used)
            && long.TryParse(field.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var max)
            ? (used, max)
            : null;
    }

    private static byte[] NulTerminated(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    private static nint KeyCtl(nint operation, nint a2, nint a3, nint a4, nint a5)
    {
        var number = CallNumber(2);
        if (number < 0)
        {
            Marshal.SetLastPInvokeError(NotImplemented);
            return -1;
        }

        return Syscall(number, operation, a2, a3, a4, a5);
    }

    /// <summary>add_key, request_key, keyctl are consecutive on both architectures certcreds ships for.</summary>
    private static nint CallNumber(int offset) => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 248 + offset,
        Architecture.Arm64 => 217 + offset,
        _ => -1,
    };

    // syscall(2) is variadic; on x86-64 and AArch64 Linux integer arguments travel in the same registers either
    // way, and glibc's syscall is assembly that reads them straight from there.
    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial nint Syscall(nint number, nint a1, nint a2, nint a3, nint a4, nint a5);
}
