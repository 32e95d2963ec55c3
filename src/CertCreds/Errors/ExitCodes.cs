namespace CertCreds.Errors;

/// <summary>
/// Process exit codes. They are part of the public contract (README, scripts), so values never change.
/// </summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Internal = 1;
    public const int Usage = 2;
    public const int Identity = 3;
    public const int Trust = 4;
    public const int Rejected = 5;
    public const int Transient = 6;
    public const int InvalidResponse = 7;
    public const int ChildFailedToStart = 8;
}
