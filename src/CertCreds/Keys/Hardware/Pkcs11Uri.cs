using System.Globalization;
using System.Text;
using CertCreds.Errors;

namespace CertCreds.Keys.Hardware;

/// <summary>
/// An RFC 7512 <c>pkcs11:</c> URI naming a key or certificate in a PKCS#11 token. Parsing is strict: an unknown or
/// repeated attribute, a bad percent escape or a value of the wrong form is a <see cref="UsageException"/> (exit 2),
/// because a silently ignored attribute would pick a different key than the user meant.
/// <see cref="ToString"/> never includes <c>pin-value</c>; only <see cref="ToOpenSslUri"/> does, for OpenSSL alone.
/// </summary>
public sealed class Pkcs11Uri
{
    private const string Scheme = "pkcs11:";
    private const string Usage = "write it as pkcs11:token=LABEL;object=KEY-LABEL (RFC 7512), or give a key file path";

    private static readonly string[] PathOrder =
    [
        "library-manufacturer", "library-description", "library-version", "slot-manufacturer", "slot-description",
        "slot-id", "manufacturer", "model", "serial", "token", "object", "id", "type",
    ];

    private static readonly string[] QueryOrder = ["module-name", "module-path", "pin-source", "pin-value"];

    private readonly Dictionary<string, string> _text;

    private Pkcs11Uri(Dictionary<string, string> text, byte[]? id, ulong? slotId, Pkcs11ObjectType? type)
    {
        _text = text;
        Id = id;
        SlotId = slotId;
        Type = type;
    }

    public string? Token => Get("token");

    public string? Manufacturer => Get("manufacturer");

    public string? Serial => Get("serial");

    public string? Model => Get("model");

    public string? LibraryManufacturer => Get("library-manufacturer");

    public string? LibraryDescription => Get("library-description");

    public string? LibraryVersion => Get("library-version");

    public string? SlotManufacturer => Get("slot-manufacturer");

    public string? SlotDescription => Get("slot-description");

    public ulong? SlotId { get; }

    /// <summary>The object's label (CKA_LABEL).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "RFC 7512 names this attribute 'object'.")]
    public string? Object => Get("object");

    /// <summary>The object's CKA_ID as raw bytes (percent-decoded).</summary>
    public byte[]? Id { get; }

    public Pkcs11ObjectType? Type { get; }

    /// <summary>The PIN written in the URI. A secret: never printed, never in <see cref="ToString"/>.</summary>
    public string? PinValue => Get("pin-value");

    /// <summary>Where to read the PIN from: a file path or <c>file:</c> URI.</summary>
    public string? PinSource => Get("pin-source");

    public string? ModulePath => Get("module-path");

    public string? ModuleName => Get("module-name");

    /// <summary>True when <paramref name="value"/> is meant as a PKCS#11 URI (it starts with the scheme).</summary>
    public static bool IsPkcs11Uri(string? value) =>
        value is not null && value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses a PKCS#11 URI. <paramref name="what"/> names the option in errors (e.g. "--private-key").</summary>
    public static Pkcs11Uri Parse(string value, string what = "the PKCS#11 URI")
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!IsPkcs11Uri(value))
        {
            throw new UsageException($"{what} is not a PKCS#11 URI (it must start with \"pkcs11:\")", Usage);
        }

        var rest = value[Scheme.Length..];
        var question = rest.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? rest : rest[..question];
        var query = question < 0 ? null : rest[(question + 1)..];

        var text = new Dictionary<string, string>(StringComparer.Ordinal);
        byte[]? id = null;
        ulong? slotId = null;
        Pkcs11ObjectType? type = null;

        foreach (var (name, raw) in Split(path, ';', what))
        {
            if (Array.IndexOf(PathOrder, name) < 0)
            {
                throw Unknown(what, name, inQuery: Array.IndexOf(QueryOrder, name) >= 0 ? false : null);
            }

            Once(text, name, what);
            switch (name)
            {
                case "id":
                    id = Decode(raw, name, what);
                    text[name] = string.Empty;
                    break;
                case "slot-id":
                    var slotText = DecodeText(raw, name, what);
                    if (slotText.Length == 0 || !slotText.All(char.IsAsciiDigit)
                        || !ulong.TryParse(slotText, NumberStyles.None, CultureInfo.InvariantCulture, out var slot))
                    {
                        throw new UsageException($"{what} has slot-id \"{Show(slotText)}\", which is not a decimal number", Usage);
                    }

                    slotId = slot;
                    text[name] = slotText;
                    break;
                case "type":
                    var typeText = DecodeText(raw, name, what);
                    type = typeText switch
                    {
                        "public" => Pkcs11ObjectType.Public,
                        "private" => Pkcs11ObjectType.Private,
                        "cert" => Pkcs11ObjectType.Cert,
                        "secret-key" => Pkcs11ObjectType.SecretKey,
                        "data" => Pkcs11ObjectType.Data,
                        _ => throw new UsageException(
                            $"{what} has type \"{Show(typeText)}\"",
                            "use type=private for a key or type=cert for a certificate (or leave type out)"),
                    };
                    text[name] = typeText;
                    break;
                case "library-version":
                    var version = DecodeText(raw, name, what);
                    if (!IsVersion(version))
                    {
                        throw new UsageException($"{what} has library-version \"{Show(version)}\"", "write it as MAJOR or MAJOR.MINOR, e.g. 2.6");
                    }

                    text[name] = version;
                    break;
                default:
                    text[name] = DecodeText(raw, name, what);
                    break;
            }
        }

        if (query is not null)
        {
            foreach (var (name, raw) in Split(query, '&', what))
            {
                if (Array.IndexOf(QueryOrder, name) < 0)
                {
                    throw Unknown(what, name, inQuery: Array.IndexOf(PathOrder, name) >= 0 ? true : null);
                }

                Once(text, name, what);
                text[name] = DecodeText(raw, name, what);
            }
        }

        if (text.ContainsKey("pin-value") && text.ContainsKey("pin-source"))
        {
            throw new UsageException($"{what} has both pin-value and pin-source", "keep one of them");
        }

        if (text.TryGetValue("module-path", out var modulePath) && !modulePath.StartsWith('/'))
        {
            throw new UsageException($"{what} has a module-path that is not absolute", "give the module's full path, e.g. module-path=/usr/lib/softhsm/libsofthsm2.so");
        }

        if (type is Pkcs11ObjectType.SecretKey or Pkcs11ObjectType.Data)
        {
            throw new UsageException($"{what} names a {text["type"]} object, which cannot sign or authenticate", "use type=private (or leave type out)");
        }

        return new Pkcs11Uri(text, id, slotId, type);
    }

    /// <summary>The URI in canonical form with <c>pin-value</c> left out: safe to print, log and store in a profile.</summary>
    public override string ToString() => Format(includePin: false);

    /// <summary>The same URI with its PIN, for handing to OpenSSL only.</summary>
    internal string ToOpenSslUri() => Format(includePin: true);

    /// <summary>A copy naming one object exactly (token, object label, id, type) with <paramref name="pin"/> as pin-value.</summary>
    internal static Pkcs11Uri ForObject(string? token, string? serial, string? label, byte[]? id, Pkcs11ObjectType type, string? pin)
    {
        var text = new Dictionary<string, string>(StringComparer.Ordinal);
        if (token is not null)
        {
            text["token"] = token;
        }

        if (serial is not null)
        {
            text["serial"] = serial;
        }

        if (label is not null)
        {
            text["object"] = label;
        }

        if (id is not null)
        {
            text["id"] = string.Empty;
        }

        text["type"] = type.ToString().ToLowerInvariant();
        if (pin is not null)
        {
            text["pin-value"] = pin;
        }

        return new Pkcs11Uri(text, id, null, type);
    }

    private string? Get(string name) => _text.TryGetValue(name, out var value) ? value : null;

    private string Format(bool includePin)
    {
        var builder = new StringBuilder(Scheme);
        var first = true;
        foreach (var name in PathOrder)
        {
            if (!_text.TryGetValue(name, out var value))
            {
                continue;
            }

            builder.Append(first ? string.Empty : ";").Append(name).Append('=');
            builder.Append(name == "id" ? Encode(Id!) : Encode(Encoding.UTF8.GetBytes(value)));
            first = false;
        }

        var separator = '?';
        foreach (var name in QueryOrder)
        {
            if (!_text.TryGetValue(name, out var value) || (name == "pin-value" && !includePin))
            {
                continue;
            }

            builder.Append(separator).Append(name).Append('=').Append(Encode(Encoding.UTF8.GetBytes(value)));
            separator = '&';
        }

        return builder.ToString();
    }

    /// <summary>Percent-encodes everything but RFC 3986 unreserved characters, so any value round-trips.</summary>
    private static string Encode(byte[] bytes)
    {
        var builder = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static IEnumerable<(string Name, string Raw)> Split(string part, char separator, string what)
    {
        if (part.Length == 0)
        {
            yield break;
        }

        foreach (var item in part.Split(separator))
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException(
                    $"{what} has an attribute without a name=value form",
                    $"separate attributes with '{separator}' and write each as name=value; {Usage}");
            }

            var name = item[..equals];
            if (!name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                throw new UsageException($"{what} has an attribute name with characters RFC 7512 does not allow", Usage);
            }

            yield return (name, item[(equals + 1)..]);
        }
    }

    private static void Once(Dictionary<string, string> seen, string name, string what)
    {
        if (seen.ContainsKey(name))
        {
            throw new UsageException($"{what} gives the attribute \"{name}\" twice", "keep one");
        }
    }

    private static UsageException Unknown(string what, string name, bool? inQuery) => inQuery switch
    {
        true => new UsageException($"{what} has \"{Show(name)}\" after '?'", $"move {name} before the '?': it is a path attribute"),
        false => new UsageException($"{what} has \"{Show(name)}\" before '?'", $"put {name} after a '?': it is a query attribute, e.g. pkcs11:token=T;object=K?{name}=..."),
        _ => new UsageException(
            $"{what} has the attribute \"{Show(name)}\", which certcreds does not know",
            "use token, manufacturer, serial, model, object, id, type, slot-id, library-* (path) or pin-value, pin-source, module-path, module-name (after '?')"),
    };

    private static string DecodeText(string raw, string name, string what)
    {
        var bytes = Decode(raw, name, what);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new UsageException($"{what} has a {name} that is not UTF-8 text", "percent-encode the label's UTF-8 bytes");
        }
    }

    private static byte[] Decode(string raw, string name, string what)
    {
        var bytes = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '%')
            {
                if (i + 2 >= raw.Length || !char.IsAsciiHexDigit(raw[i + 1]) || !char.IsAsciiHexDigit(raw[i + 2]))
                {
                    throw new UsageException($"{what} has a bad percent escape in {name}", "write a byte as % and two hex digits, e.g. id=%01%02");
                }

                bytes.Add(byte.Parse(raw.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
            }
            else if (c > 0x7E || c < 0x21 || c is '"' or '<' or '>' or '\\' or '^' or '`' or '{' or '|' or '}' or '#')
            {
                throw new UsageException($"{what} has a character in {name} that must be percent-encoded", "percent-encode spaces and symbols (a space is %20)");
            }
            else
            {
                bytes.Add((byte)c);
            }
        }

        return [.. bytes];
    }

    private static bool IsVersion(string text)
    {
        var parts = text.Split('.');
        return parts.Length is 1 or 2 && parts.All(p => p.Length is > 0 and <= 9 && p.All(char.IsAsciiDigit));
    }

    /// <summary>Echoes short user text safely; never used for the pin attributes.</summary>
    private static string Show(string text) => TerminalText.Escape(text.Length > 40 ? text[..40] + "…" : text);
}
