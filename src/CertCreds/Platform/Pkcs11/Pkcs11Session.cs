using System.Text;
using static CertCreds.Platform.Pkcs11.Pkcs11Constants;

namespace CertCreds.Platform.Pkcs11;

/// <summary>An open PKCS#11 session; logs out (if it logged in) and closes on dispose.</summary>
internal sealed class Pkcs11Session : IDisposable
{
    private readonly Pkcs11Library _library;
    private readonly nuint _handle;
    private bool _loggedIn;
    private bool _closed;

    internal Pkcs11Session(Pkcs11Library library, nuint handle)
    {
        _library = library;
        _handle = handle;
    }

    /// <summary>
    /// Exactly one C_Login with <paramref name="pin"/> (UTF-8; the copy is wiped after). Returns the module's answer:
    /// CKR_OK and CKR_USER_ALREADY_LOGGED_IN mean logged in.
    /// </summary>
    public ulong Login(string pin)
    {
        var bytes = Encoding.UTF8.GetBytes(pin);
        try
        {
            var rv = _library.Login(_handle, bytes);
            _loggedIn = rv == CKR_OK;
            return rv;
        }
        finally
        {
            Array.Clear(bytes);
        }
    }

    public IReadOnlyList<nuint> FindObjects(params (ulong Type, byte[] Value)[] template) =>
        _library.FindObjects(_handle, template);

    public byte[]? GetAttribute(nuint obj, ulong type) => _library.GetAttribute(_handle, obj, type);

    public ulong? GetUlong(nuint obj, ulong type)
    {
        var value = GetAttribute(obj, type);
        return value is { Length: 8 } ? BitConverter.ToUInt64(value) : value is { Length: 4 } ? BitConverter.ToUInt32(value) : null;
    }

    public bool? GetBool(nuint obj, ulong type)
    {
        var value = GetAttribute(obj, type);
        return value is { Length: 1 } ? value[0] != 0 : null;
    }

    public string? GetText(nuint obj, ulong type)
    {
        var value = GetAttribute(obj, type);
        return value is null ? null : Encoding.UTF8.GetString(value);
    }

    /// <summary>A CK_ULONG attribute value for a search template (native size and byte order).</summary>
    public static byte[] Ulong(ulong value) => BitConverter.GetBytes(value);

    public void Dispose()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        if (_loggedIn)
        {
            _library.Logout(_handle);
        }

        _library.CloseSession(_handle);
    }
}
