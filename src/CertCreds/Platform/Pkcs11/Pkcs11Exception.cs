namespace CertCreds.Platform.Pkcs11;

/// <summary>A PKCS#11 call that did not return CKR_OK. Carries no secret: only the function and its return value.</summary>
internal sealed class Pkcs11Exception(string function, ulong returnValue)
    : Exception($"{function} returned {Pkcs11Constants.Name(returnValue)}")
{
    public string Function { get; } = function;

    public ulong ReturnValue { get; } = returnValue;
}
