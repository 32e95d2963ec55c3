using System.Text;
using CertCreds.Errors;

namespace CertCreds.Cli;

/// <summary>
/// Standard error for humans. Whatever reaches it — errors, warnings, traces, banners, the access log — has its
/// control and bidi characters escaped (line feeds kept), so no file name or server word can drive the terminal.
/// When it is closed or full there is nowhere left to say anything, so a failed write is dropped instead of
/// turning a report into a crash; the exit code still tells.
/// </summary>
internal sealed class StderrWriter(TextWriter inner) : TextWriter
{
    /// <summary>Console.Error, or a writer to nowhere when file descriptor 2 cannot be opened.</summary>
    public static StderrWriter Open()
    {
        try
        {
            return new StderrWriter(Console.Error);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new StderrWriter(Null);
        }
    }

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value) => Write(value.ToString());

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Write(string? value) => Try(() => inner.Write(TerminalText.Escape(value, keepLineFeeds: true)));

    public override void WriteLine(string? value) => Try(() => inner.WriteLine(TerminalText.Escape(value, keepLineFeeds: true)));

    public override void Flush() => Try(inner.Flush);

    public override Task WriteAsync(char value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync()
    {
        WriteLine();
        return Task.CompletedTask;
    }

    public override Task FlushAsync()
    {
        Flush();
        return Task.CompletedTask;
    }

    private static void Try(Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // Nowhere left to report it.
        }
    }
}
