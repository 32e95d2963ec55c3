using CertCreds.Platform;

namespace CertCreds.Tests.Platform;

public sealed class TracerTests
{
    private int evaluations;

    private string Counted()
    {
        evaluations++;
        return "value";
    }

    [Fact]
    public void With_tracing_off_the_message_is_never_built()
    {
        Tracer.Off.Write($"expensive {Counted()} and {Counted()}");
        Assert.Equal(0, evaluations);
    }

    [Fact]
    public void With_tracing_on_each_line_carries_the_prefix_elapsed_time_and_formatted_values()
    {
        using var sink = new StringWriter();
        var tracer = new Tracer(sink, TimeProvider.System);
        tracer.Write($"got {Counted()} after {1.5:0.0} s at {new DateTime(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc):O}");
        Assert.Equal(1, evaluations);
        Assert.Matches(@"^certcreds: trace: \+\d+\.\d ms got value after 1\.5 s at 2026-11-28T12:00:00\.0000000Z\r?\n$", sink.ToString());
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("0", false)]
    [InlineData("1", true)]
    public void The_setting_turns_tracing_on_only_when_asked(string? setting, bool enabled)
    {
        Assert.Equal(enabled, Tracer.FromSetting(setting, TextWriter.Null, TimeProvider.System).Enabled);
    }
}
