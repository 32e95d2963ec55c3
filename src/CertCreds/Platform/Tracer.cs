using System.Globalization;
using System.Runtime.CompilerServices;

namespace CertCreds.Platform;

/// <summary>
/// Opt-in tracing (<c>CERTCREDS_TRACE=1</c> for stderr, or a file path to append to): one line per step, with
/// the time since the tracer was made. Callers pass only non-secret facts (paths, IDs, statuses, timings); no
/// key, secret, token or password is ever handed to it. Writes are serialised: serve traces from several threads.
/// </summary>
public sealed class Tracer
{
    private readonly TextWriter? sink;
    private readonly TimeProvider clock;
    private readonly long started;
    private readonly Lock gate = new();

    public Tracer(TextWriter? sink, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        this.sink = sink;
        this.clock = clock;
        started = clock.GetTimestamp();
    }

    /// <summary>A tracer that writes nothing.</summary>
    public static Tracer Off { get; } = new(null, TimeProvider.System);

    public bool Enabled => sink is not null;

    /// <summary>From the CERTCREDS_TRACE setting: unset, empty or "0" is off; "1" is <paramref name="stderr"/>; anything else is a file appended to.</summary>
    public static Tracer FromSetting(string? setting, TextWriter stderr, TimeProvider clock)
    {
        if (string.IsNullOrEmpty(setting) || setting == "0")
        {
            return Off;
        }

        if (setting == "1")
        {
            return new Tracer(stderr, clock);
        }

        try
        {
            var writer = new StreamWriter(new FileStream(setting, new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite })) { AutoFlush = true };
            return new Tracer(writer, clock);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Tracing must never stop the real work; say once where the trace went instead.
            stderr.WriteLine($"certcreds: warning: cannot write the trace file {CertCreds.Errors.TerminalText.Escape(setting)} ({CertCreds.Errors.FileFault.Describe(e, setting)}); tracing to stderr");
            return new Tracer(stderr, clock);
        }
    }

    /// <summary>Writes one line; the interpolated message is only built when tracing is on.</summary>
    public void Write([InterpolatedStringHandlerArgument("")] ref TraceMessage message)
    {
        if (sink is null)
        {
            return;
        }

        var elapsed = clock.GetElapsedTime(started).TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);
        lock (gate)
        {
            // Traces carry file names, hosts and server words: escaped so none can drive the terminal.
            sink.WriteLine($"certcreds: trace: +{elapsed} ms {CertCreds.Errors.TerminalText.Escape(message.Text)}");
            sink.Flush();
        }
    }
}
