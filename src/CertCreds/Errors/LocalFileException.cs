namespace CertCreds.Errors;

/// <summary>
/// Raised when a file or folder certcreds must read or write outside the identity itself (a state folder, a
/// token file, the emulator's registry, standard output) is the wrong kind, unreadable, unwritable or full.
/// The user's environment, not a bug: same exit code as the other local file problems.
/// </summary>
public sealed class LocalFileException(string message, string hint, Exception? inner = null)
    : CertCredsException(message, hint, inner)
{
    public override int ExitCode => ExitCodes.Identity;
}
