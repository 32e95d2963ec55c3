using System.Buffers.Binary;
using CertCreds.Platform;

namespace CertCreds.Testing;

/// <summary>
/// An in-memory stand-in for the user keyring: keys by description, with the kernel's answers (ENOKEY, EDQUOT via
/// <see cref="QuotaAnswer"/>) and a switch that makes every call fail like a blocked keyctl. Serial numbers start at
/// 1000; reading <see cref="KernelKeyring.UserKeyringSerial"/> lists them as the kernel does.
/// </summary>
public sealed class MemoryKeyring : IKernelKeyring
{
    private readonly Dictionary<int, (string Description, byte[] Payload, uint Permissions)> keys = [];
    private readonly Lock gate = new();
    private int next = 1000;

    /// <summary>When non-zero, every call answers this errno (EPERM from seccomp, ENOSYS).</summary>
    public int FailAllWith { get; set; }

    /// <summary>What <see cref="Quota"/> answers.</summary>
    public KeyringQuota? QuotaAnswer { get; set; }

    /// <summary>Calls made, by name, for tests that check what a path touched.</summary>
    public List<string> Calls { get; } = [];

    public int Count
    {
        get
        {
            lock (gate)
            {
                return keys.Count;
            }
        }
    }

    /// <summary>Adds a key of any type, as another program would.</summary>
    public int AddForeign(string type, string description)
    {
        lock (gate)
        {
            var serial = next++;
            keys[serial] = ($"{type}\u0001{description}", [], 0x3f010000);
            return serial;
        }
    }

    public int Search(string description, out int serial)
    {
        serial = 0;
        lock (gate)
        {
            Calls.Add("search");
            if (FailAllWith != 0)
            {
                return FailAllWith;
            }

            foreach (var (number, key) in keys)
            {
                if (key.Description == description)
                {
                    serial = number;
                    return 0;
                }
            }

            return KernelKeyring.NoKey;
        }
    }

    public int Read(int serial, Span<byte> buffer, out int length)
    {
        length = 0;
        lock (gate)
        {
            Calls.Add("read");
            if (FailAllWith != 0)
            {
                return FailAllWith;
            }

            if (serial == KernelKeyring.UserKeyringSerial)
            {
                length = keys.Count * sizeof(int);
                var offset = 0;
                foreach (var number in keys.Keys)
                {
                    if (offset + sizeof(int) <= buffer.Length)
                    {
                        BinaryPrimitives.WriteInt32LittleEndian(buffer[offset..], number);
                    }

                    offset += sizeof(int);
                }

                return 0;
            }

            if (!keys.TryGetValue(serial, out var key))
            {
                return KernelKeyring.NoKey;
            }

            length = key.Payload.Length;
            key.Payload.AsSpan(0, Math.Min(length, buffer.Length)).CopyTo(buffer);
            return 0;
        }
    }

    public int Add(string description, ReadOnlySpan<byte> payload, out int serial)
    {
        serial = 0;
        lock (gate)
        {
            Calls.Add("add");
            if (FailAllWith != 0)
            {
                return FailAllWith;
            }

            foreach (var (number, key) in keys)
            {
                if (key.Description == description)
                {
                    keys[number] = (description, payload.ToArray(), key.Permissions);
                    serial = number;
                    return 0;
                }
            }

            serial = next++;
            keys[serial] = (description, payload.ToArray(), 0x3f010000);
            return 0;
        }
    }

    public int SetPermissions(int serial, uint permissions)
    {
        lock (gate)
        {
            Calls.Add("setperm");
            if (FailAllWith != 0)
            {
                return FailAllWith;
            }

            if (!keys.TryGetValue(serial, out var key))
            {
                return KernelKeyring.NoKey;
            }

            keys[serial] = key with { Permissions = permissions };
            return 0;
        }
    }

    public int SetTimeout(int serial, uint seconds)
    {
        lock (gate)
        {
            Calls.Add("settimeout");
            return FailAllWith != 0 ? FailAllWith : keys.ContainsKey(serial) ? 0 : KernelKeyring.NoKey;
        }
    }

    public int Invalidate(int serial)
    {
        lock (gate)
        {
            Calls.Add("invalidate");
            return FailAllWith != 0 ? FailAllWith : keys.Remove(serial) ? 0 : KernelKeyring.NoKey;
        }
    }

    public int Describe(int serial, out string description)
    {
        description = string.Empty;
        lock (gate)
        {
            Calls.Add("describe");
            if (FailAllWith != 0)
            {
                return FailAllWith;
            }

            if (!keys.TryGetValue(serial, out var key))
            {
                return KernelKeyring.NoKey;
            }

            var separator = key.Description.IndexOf('\u0001', StringComparison.Ordinal);
            var type = separator < 0 ? "user" : key.Description[..separator];
            var name = separator < 0 ? key.Description : key.Description[(separator + 1)..];
            description = $"{type};0;0;{key.Permissions:x8};{name}";
            return 0;
        }
    }

    public KeyringQuota? Quota()
    {
        lock (gate)
        {
            Calls.Add("quota");
            return QuotaAnswer;
        }
    }
}
