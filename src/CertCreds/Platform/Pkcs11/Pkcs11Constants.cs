namespace CertCreds.Platform.Pkcs11;

/// <summary>The PKCS#11 2.40 numbers certcreds uses (return values, flags, object classes, attribute types).</summary>
internal static class Pkcs11Constants
{
    public const ulong CKR_OK = 0x0;
    public const ulong CKR_SLOT_ID_INVALID = 0x3;
    public const ulong CKR_GENERAL_ERROR = 0x5;
    public const ulong CKR_FUNCTION_FAILED = 0x6;
    public const ulong CKR_ATTRIBUTE_SENSITIVE = 0x11;
    public const ulong CKR_ATTRIBUTE_TYPE_INVALID = 0x12;
    public const ulong CKR_DEVICE_ERROR = 0x30;
    public const ulong CKR_DEVICE_MEMORY = 0x31;
    public const ulong CKR_DEVICE_REMOVED = 0x32;
    public const ulong CKR_PIN_INCORRECT = 0xA0;
    public const ulong CKR_PIN_INVALID = 0xA1;
    public const ulong CKR_PIN_LEN_RANGE = 0xA2;
    public const ulong CKR_PIN_EXPIRED = 0xA3;
    public const ulong CKR_PIN_LOCKED = 0xA4;
    public const ulong CKR_SESSION_HANDLE_INVALID = 0xB3;
    public const ulong CKR_TOKEN_NOT_PRESENT = 0xE0;
    public const ulong CKR_TOKEN_NOT_RECOGNIZED = 0xE1;
    public const ulong CKR_USER_ALREADY_LOGGED_IN = 0x100;
    public const ulong CKR_USER_PIN_NOT_INITIALIZED = 0x102;
    public const ulong CKR_BUFFER_TOO_SMALL = 0x150;
    public const ulong CKR_CRYPTOKI_NOT_INITIALIZED = 0x190;
    public const ulong CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191;

    public const ulong CKF_TOKEN_PRESENT = 0x1;
    public const ulong CKF_LOGIN_REQUIRED = 0x4;
    public const ulong CKF_USER_PIN_INITIALIZED = 0x8;
    public const ulong CKF_PROTECTED_AUTHENTICATION_PATH = 0x100;
    public const ulong CKF_TOKEN_INITIALIZED = 0x400;
    public const ulong CKF_USER_PIN_COUNT_LOW = 0x10000;
    public const ulong CKF_USER_PIN_FINAL_TRY = 0x20000;
    public const ulong CKF_USER_PIN_LOCKED = 0x40000;
    public const ulong CKF_USER_PIN_TO_BE_CHANGED = 0x80000;

    public const ulong CKF_SERIAL_SESSION = 0x4;
    public const ulong CKF_OS_LOCKING_OK = 0x2;
    public const ulong CKU_USER = 1;

    public const ulong CKO_CERTIFICATE = 1;
    public const ulong CKO_PUBLIC_KEY = 2;
    public const ulong CKO_PRIVATE_KEY = 3;

    public const ulong CKA_CLASS = 0x0;
    public const ulong CKA_TOKEN = 0x1;
    public const ulong CKA_LABEL = 0x3;
    public const ulong CKA_VALUE = 0x11;
    public const ulong CKA_CERTIFICATE_TYPE = 0x80;
    public const ulong CKA_KEY_TYPE = 0x100;
    public const ulong CKA_ID = 0x102;
    public const ulong CKA_SIGN = 0x108;
    public const ulong CKA_ALWAYS_AUTHENTICATE = 0x202;

    public const ulong CKK_RSA = 0x0;
    public const ulong CKK_EC = 0x3;
    public const ulong CKC_X_509 = 0x0;

    /// <summary>The symbolic name of a return value, for messages and traces (the number alone says nothing).</summary>
    public static string Name(ulong rv) => rv switch
    {
        CKR_OK => "CKR_OK",
        CKR_SLOT_ID_INVALID => "CKR_SLOT_ID_INVALID",
        CKR_GENERAL_ERROR => "CKR_GENERAL_ERROR",
        CKR_FUNCTION_FAILED => "CKR_FUNCTION_FAILED",
        CKR_ATTRIBUTE_SENSITIVE => "CKR_ATTRIBUTE_SENSITIVE",
        CKR_ATTRIBUTE_TYPE_INVALID => "CKR_ATTRIBUTE_TYPE_INVALID",
        CKR_DEVICE_ERROR => "CKR_DEVICE_ERROR",
        CKR_DEVICE_MEMORY => "CKR_DEVICE_MEMORY",
        CKR_DEVICE_REMOVED => "CKR_DEVICE_REMOVED",
        CKR_PIN_INCORRECT => "CKR_PIN_INCORRECT",
        CKR_PIN_INVALID => "CKR_PIN_INVALID",
        CKR_PIN_LEN_RANGE => "CKR_PIN_LEN_RANGE",
        CKR_PIN_EXPIRED => "CKR_PIN_EXPIRED",
        CKR_PIN_LOCKED => "CKR_PIN_LOCKED",
        CKR_SESSION_HANDLE_INVALID => "CKR_SESSION_HANDLE_INVALID",
        CKR_TOKEN_NOT_PRESENT => "CKR_TOKEN_NOT_PRESENT",
        CKR_TOKEN_NOT_RECOGNIZED => "CKR_TOKEN_NOT_RECOGNIZED",
        CKR_USER_ALREADY_LOGGED_IN => "CKR_USER_ALREADY_LOGGED_IN",
        CKR_USER_PIN_NOT_INITIALIZED => "CKR_USER_PIN_NOT_INITIALIZED",
        CKR_BUFFER_TOO_SMALL => "CKR_BUFFER_TOO_SMALL",
        CKR_CRYPTOKI_NOT_INITIALIZED => "CKR_CRYPTOKI_NOT_INITIALIZED",
        CKR_CRYPTOKI_ALREADY_INITIALIZED => "CKR_CRYPTOKI_ALREADY_INITIALIZED",
        _ => $"CKR 0x{rv:x}",
    };
}
