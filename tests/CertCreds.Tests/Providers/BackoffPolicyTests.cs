using CertCreds.Providers;

namespace CertCreds.Tests.Providers;

public sealed class BackoffPolicyTests
{
    private static readonly TimeSpan Plenty = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData(1, 250)]
    [InlineData(2, 500)]
    [InlineData(3, 1000)]
    [InlineData(4, 2000)]
    [InlineData(5, 4000)]
    public void Delay_ceiling_doubles_up_to_the_cap(int failedAttempts, int ceilingMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(ceilingMs * 0.999), BackoffPolicy.NextDelay(failedAttempts, null, Plenty, 0.999));
        Assert.Equal(TimeSpan.Zero, BackoffPolicy.NextDelay(failedAttempts, null, Plenty, 0));
    }

    [Fact]
    public void Gives_up_after_the_maximum_number_of_attempts()
    {
        Assert.Null(BackoffPolicy.NextDelay(BackoffPolicy.MaxAttempts, null, Plenty, 0.5));
    }

    [Fact]
    public void Never_waits_past_the_deadline()
    {
        Assert.Null(BackoffPolicy.NextDelay(3, null, TimeSpan.FromMilliseconds(500), 0.9));
        Assert.NotNull(BackoffPolicy.NextDelay(3, null, TimeSpan.FromMilliseconds(1500), 0.9));
    }

    [Fact]
    public void Server_retry_after_is_honoured_when_longer_and_inside_the_deadline()
    {
        Assert.Equal(TimeSpan.FromSeconds(3), BackoffPolicy.NextDelay(1, TimeSpan.FromSeconds(3), Plenty, 0.5));
        Assert.Null(BackoffPolicy.NextDelay(1, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), 0.5));
    }
}
