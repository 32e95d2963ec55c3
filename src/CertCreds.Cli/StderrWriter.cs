using System.Text;

namespace CertCreds.Cli;

/// <summary>
/// Standard error for humans. When it is closed or full there is nowhere left to say anything, so a failed
/// write is dropped instead of turning a report into a crash; the exit code still tells.
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

    public override void Write(char value) => Try(() => inner.Write(value));

    public override void Write(char[] buffer, int index, int count) => Try(() => inner.Write(buffer, index, count));

    public override void Write(string? value) => Try(() => inner.Write(value));

    public override void WriteLine(string? value) => Try(() => inner.WriteLine(value));

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
