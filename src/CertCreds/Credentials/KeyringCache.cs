using System.Globalization;
using System.Text;
using CertCreds.Platform;

namespace CertCreds.Credentials;

/// <summary>
/// First-level cache for <c>credential-process</c>: the finished credential_process JSON document kept in the
/// Linux kernel's user keyring (<c>@u</c>), found by a <see cref="WarmCacheKey"/> fingerprint, so that a hit needs
/// no OpenSSL, no private-key operation and no certificate parsing — a few statx calls, a managed SHA-256 and two
/// keyctl calls. The encrypted cache file stays the second level, and the only level where the keyring is refused.
/// <para><b>Which keyring.</b> The user keyring, not a session keyring: AWS clients run credential_process from
/// shells, cron, systemd units and IDEs, each in its own session keyring (pam_keyinit gives every login a new one),
/// so a session keyring would miss across them and be lost at logout. The user keyring is the one place the kernel
/// keeps per user id for as long as the user has processes (and, since Linux 5.3, until the user namespace goes).</para>
/// <para><b>Permissions.</b> Possessor and owning user get view, read, write, search and setattr; group and others
/// nothing; nobody gets link (the entry is never linked into any other keyring). "User" is there because a process
/// whose session keyring does not link <c>@u</c> (e.g. a systemd unit with a private keyring) does not possess the
/// entry, yet is the same user and should hit.</para>
/// <para><b>Lifetime.</b> The kernel expires an entry at the moment the credentials stop being handed out
/// (<see cref="HandOutUntil"/>: RefreshPolicy's refresh point), and the payload carries the same instant, checked
/// again on read, so a hit never serves credentials the file cache would refresh. The kernel drops the user
/// keyring when the user's last process ends, and every entry with it: the keyring is a warm cache, never the
/// only copy.</para>
/// <para><b>Who can read an entry, compared.</b> A keyring entry: processes of the same user id (KEYCTL_READ
/// checks the key's permission mask against the caller's fsuid; there is no group or world access, and no path to
/// get wrong) and root (root has no permission override on keys, but can become the user, or read memory). A 0600
/// file: the same user id and root — plus anyone who can read a backup, a snapshot, a copied home directory or the
/// disk, at any later time, since the secret is on disk. Today's encrypted cache file: on disk, but useless
/// without the device key (the cache key is a private-key operation), so its readers are whoever can also read or
/// use the private key — the same user and root. So the keyring grants exactly the audience the private key file
/// already has (same user, root) and nothing on disk: payloads of the kernel's "user" key type live in
/// unswappable kernel memory (kmalloc), so they do not reach swap, disk images or backups. ptrace: a process
/// of the same user that may ptrace certcreds (or the AWS CLI) can read the credentials from its memory whatever
/// cache is used; the keyring does not widen that. What the keyring gives up against the encrypted file: an
/// entry is readable by the user without the device key — which the user holds anyway. Where the private key is
/// on a token the user cannot read (PKCS#11, TPM), the keyring widens nothing either: the same user can ask the
/// token to sign, and the credentials are what the user would get by running certcreds.</para>
/// <para><b>Concurrency and failure.</b> add_key replaces an entry atomically, so concurrent writers leave one
/// whole entry. A blocked keyctl (seccomp EPERM, ENOSYS), a full key quota (EDQUOT) or any other errno makes the
/// cache <see cref="KeyringLookup.Unavailable"/>: the caller falls back to the file cache and nothing fails. A
/// damaged entry is a miss and is invalidated.</para>
/// </summary>
public sealed class KeyringCache(IKernelKeyring keyring, TimeProvider clock)
{
    /// <summary>Possessor and user: view, read, write, search, setattr (KEY_POS_* and KEY_USR_* in linux/keyctl.h); no link, group or other.</summary>
    public const uint Permissions = 0x2f2f0000;

    /// <summary>The "user" key type's payload limit.</summary>
    private const int MaxPayload = 32767;

    /// <summary>What <see cref="Store"/> answers when it left the entry out to keep half of the user's key quota free (EDQUOT's number).</summary>
    public const int QuotaReserved = 122;

    private const string Magic = "certcreds-warm-v1";

    private const string Prefix = "certcreds:";

    /// <summary>The instant cached credentials stop being handed out: where RefreshPolicy would refresh them.</summary>
    public static DateTimeOffset HandOutUntil(CachedCredentials cached)
    {
        ArgumentNullException.ThrowIfNull(cached);
        return cached.Credentials.Expiration - RefreshPolicy.RefreshThreshold(cached.Lifetime);
    }

    /// <summary>The key description an entry is stored under.</summary>
    public static string Description(string fingerprint) => Prefix + fingerprint;

    public KeyringLookup Read(string fingerprint)
    {
        var found = keyring.Search(Description(fingerprint), out var serial);
        if (found != 0)
        {
            return IsAbsent(found) ? new KeyringLookup.Miss() : new KeyringLookup.Unavailable(found);
        }

        var buffer = new byte[MaxPayload];
        var read = keyring.Read(serial, buffer, out var length);
        if (read != 0)
        {
            return IsAbsent(read) ? new KeyringLookup.Miss() : new KeyringLookup.Unavailable(read);
        }

        if (length > buffer.Length || Decode(buffer.AsSpan(0, length), fingerprint) is not { } entry)
        {
            keyring.Invalidate(serial);
            return new KeyringLookup.Miss();
        }

        return clock.GetUtcNow() < entry.HandOutUntil ? new KeyringLookup.Hit(entry.Document) : new KeyringLookup.Miss();
    }

    /// <summary>
    /// Stores <paramref name="document"/> until <paramref name="handOutUntil"/>; answers 0, or the errno that made
    /// the keyring unavailable. An instant less than a second away stores nothing (the kernel counts whole seconds).
    /// </summary>
    public int Store(string fingerprint, ReadOnlySpan<byte> document, DateTimeOffset handOutUntil)
    {
        var seconds = Math.Floor((handOutUntil - clock.GetUtcNow()).TotalSeconds);
        if (seconds < 1)
        {
            return 0;
        }

        var payload = Encode(fingerprint, document, handOutUntil);
        if (payload.Length > MaxPayload)
        {
            return 0;
        }

        // The quota is shared with everything else that keeps keys for this user (Kerberos, fscrypt, NFS): a cache
        // must never be what makes those fail, so it stops at half of it and leaves the rest to the file cache.
        if (keyring.Quota() is { } quota
            && ((quota.Keys + 1) * 2 > quota.MaxKeys || (quota.Bytes + payload.Length + Description(fingerprint).Length + 1) * 2 > quota.MaxBytes))
        {
            return QuotaReserved;
        }

        var added = keyring.Add(Description(fingerprint), payload, out var serial);
        if (added != 0)
        {
            return added;
        }

        // A key is born with the kernel's default mask (possessor all, user view), narrower for reading than ours;
        // if either call fails, no entry without its mask or its expiry may stay behind.
        var failed = keyring.SetPermissions(serial, Permissions);
        if (failed == 0)
        {
            failed = keyring.SetTimeout(serial, (uint)Math.Min(seconds, uint.MaxValue));
        }

        if (failed != 0)
        {
            keyring.Invalidate(serial);
        }

        return failed;
    }

    /// <summary>
    /// Removes every certcreds entry from the user keyring (lists <c>@u</c>, describes each key, invalidates the
    /// <c>user</c> keys named <c>certcreds:…</c> and nothing else). Answers 0 or the errno that made the keyring
    /// unavailable; <paramref name="removed"/> counts what went.
    /// </summary>
    public int Clear(out int removed)
    {
        removed = 0;
        var buffer = new byte[4096];
        int length;
        while (true)
        {
            var listed = keyring.Read(KernelKeyring.UserKeyringSerial, buffer, out length);
            if (listed != 0)
            {
                return IsAbsent(listed) ? 0 : listed;
            }

            if (length <= buffer.Length)
            {
                break;
            }

            buffer = new byte[length];
        }

        for (var offset = 0; offset + sizeof(int) <= length; offset += sizeof(int))
        {
            var serial = BitConverter.ToInt32(buffer, offset);
            if (keyring.Describe(serial, out var description) != 0)
            {
                continue;
            }

            // "type;uid;gid;perm;description"; a description may itself hold ';', so only the first four are split off.
            var fields = description.Split(';', 5);
            if (fields.Length == 5 && fields[0] == "user" && fields[4].StartsWith(Prefix, StringComparison.Ordinal) && keyring.Invalidate(serial) == 0)
            {
                removed++;
            }
        }

        return 0;
    }

    private static bool IsAbsent(int errno) => errno is KernelKeyring.NoKey or KernelKeyring.KeyExpired or KernelKeyring.KeyRevoked;

    /// <summary>magic \n fingerprint \n hand-out-until (Unix ms) \n SHA-256 of all of that and the document \n document.</summary>
    private static byte[] Encode(string fingerprint, ReadOnlySpan<byte> document, DateTimeOffset handOutUntil)
    {
        var header = Encoding.ASCII.GetBytes(Magic + "\n" + fingerprint + "\n" + handOutUntil.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "\n");
        var checksum = Encoding.ASCII.GetBytes(Checksum(header, document) + "\n");
        var payload = new byte[header.Length + checksum.Length + document.Length];
        header.CopyTo(payload, 0);
        checksum.CopyTo(payload, header.Length);
        document.CopyTo(payload.AsSpan(header.Length + checksum.Length));
        return payload;
    }

    private static string Checksum(ReadOnlySpan<byte> header, ReadOnlySpan<byte> document)
    {
        var covered = new byte[header.Length + document.Length];
        header.CopyTo(covered);
        document.CopyTo(covered.AsSpan(header.Length));
        return Convert.ToHexStringLower(ManagedSha256.HashData(covered));
    }

    private static (byte[] Document, DateTimeOffset HandOutUntil)? Decode(ReadOnlySpan<byte> payload, string fingerprint)
    {
        var fields = new string[4];
        var headerLength = 0;
        var rest = payload;
        for (var i = 0; i < fields.Length; i++)
        {
            var end = rest.IndexOf((byte)'\n');
            if (end < 0)
            {
                return null;
            }

            fields[i] = Encoding.ASCII.GetString(rest[..end]);
            rest = rest[(end + 1)..];
            if (i < 3)
            {
                headerLength += end + 1;
            }
        }

        if (fields[0] != Magic || fields[1] != fingerprint
            || !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var until)
            || until > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            || fields[3] != Checksum(payload[..headerLength], rest))
        {
            return null;
        }

        return (rest.ToArray(), DateTimeOffset.FromUnixTimeMilliseconds(until));
    }
}
