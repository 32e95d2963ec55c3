namespace CertCreds.Keys.Hardware;

/// <summary>
/// Asks a person for a token PIN. The composition root passes one only when standard input and error are a terminal;
/// without one, a missing PIN is an error, never a hang.
/// </summary>
public interface IPinPrompt
{
    /// <returns>The PIN typed, or null when the person gave none (empty line, end of input).</returns>
    string? ReadPin(string prompt);
}
