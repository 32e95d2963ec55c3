namespace CertCreds.Testing;

/// <summary>
/// The real clock moved by an adjustable offset: "now" can jump ahead (to age cached credentials) while timers,
/// delays and deadlines still run in real time, as a process under test needs them to.
/// </summary>
public sealed class OffsetTimeProvider : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
