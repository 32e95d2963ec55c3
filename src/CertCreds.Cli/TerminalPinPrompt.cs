using System.Text;
using CertCreds.Keys.Hardware;

namespace CertCreds.Cli;

/// <summary>
/// Asks for a token PIN on the terminal with echo off (keys are read intercepted, nothing is printed back). The
/// composition root creates one only when stdin and stderr are a terminal, so credential_process and every
/// redirected run fail at once without a PIN instead of waiting for one.
/// </summary>
internal sealed class TerminalPinPrompt(TextWriter stderr) : IPinPrompt
{
    public string? ReadPin(string prompt)
    {
        stderr.Write(prompt);
        stderr.Flush();
        var pin = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (pin.Length > 0)
                {
                    pin.Length--;
                }

                continue;
            }

            pin.Append(key.KeyChar);
        }

        stderr.WriteLine();
        return pin.Length == 0 ? null : pin.ToString();
    }
}
