using System.Runtime.CompilerServices;
using System.Text;

namespace CertCreds.Platform;

/// <summary>
/// Builds a trace line only when tracing is on: with tracing off (the normal case, and the hot path of
/// credential-process) the interpolation holes are never evaluated or formatted.
/// </summary>
[InterpolatedStringHandler]
public ref struct TraceMessage
{
    private readonly StringBuilder? builder;

    public TraceMessage(int literalLength, int formattedCount, Tracer tracer, out bool enabled)
    {
        ArgumentNullException.ThrowIfNull(tracer);
        _ = formattedCount;
        enabled = tracer.Enabled;
        builder = enabled ? new StringBuilder(literalLength + 64) : null;
    }

    public readonly void AppendLiteral(string value) => builder!.Append(value);

    public readonly void AppendFormatted<T>(T value) => builder!.Append(value);

    public readonly void AppendFormatted<T>(T value, string? format)
        where T : IFormattable => builder!.Append(value.ToString(format, System.Globalization.CultureInfo.InvariantCulture));

    internal readonly string Text => builder?.ToString() ?? string.Empty;
}
