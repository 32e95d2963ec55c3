namespace CertCreds.Platform;

/// <summary>
/// The few Linux key-management calls the keyring warm cache makes, each answering 0 or the errno of the failure,
/// so that a blocked <c>keyctl</c> (seccomp: EPERM or ENOSYS) is an ordinary answer, and tests can inject one.
/// Keys live in the calling user's user keyring (<c>@u</c>) and are of the kernel's <c>user</c> type.
/// </summary>
public interface IKernelKeyring
{
    /// <summary>Finds a <c>user</c> key by description in the user keyring (KEYCTL_SEARCH).</summary>
    int Search(string description, out int serial);

    /// <summary>Copies a key's payload into <paramref name="buffer"/> (KEYCTL_READ); <paramref name="length"/> is the full payload size, which may exceed the buffer.</summary>
    int Read(int serial, Span<byte> buffer, out int length);

    /// <summary>Creates or replaces a <c>user</c> key in the user keyring (add_key).</summary>
    int Add(string description, ReadOnlySpan<byte> payload, out int serial);

    /// <summary>Sets the key's permission mask (KEYCTL_SETPERM).</summary>
    int SetPermissions(int serial, uint permissions);

    /// <summary>Makes the kernel expire the key after <paramref name="seconds"/> (KEYCTL_SET_TIMEOUT).</summary>
    int SetTimeout(int serial, uint seconds);

    /// <summary>Makes the key unusable at once and has the kernel collect it (KEYCTL_INVALIDATE).</summary>
    int Invalidate(int serial);

    /// <summary>The kernel's description of the key, "type;uid;gid;perm;description" (KEYCTL_DESCRIBE).</summary>
    int Describe(int serial, out string description);

    /// <summary>The calling user's key quota and usage, or null when the kernel does not say (no <c>/proc/key-users</c>).</summary>
    KeyringQuota? Quota();
}
