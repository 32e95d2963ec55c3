using CertCreds.Credentials;

namespace CertCreds.Tests.Cli;

public sealed class UpdateScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Hour_long_credentials_are_refreshed_twenty_minutes_before_they_expire()
    {
        Assert.Equal(TimeSpan.FromMinutes(40), UpdateSchedule.NextRefresh(Now.AddHours(1), Now));
    }

    [Fact]
    public void Fifteen_minute_credentials_are_refreshed_at_half_their_life_and_never_in_a_tight_loop()
    {
        Assert.Equal(TimeSpan.FromMinutes(7.5), UpdateSchedule.NextRefresh(Now.AddMinutes(15), Now));
        Assert.Equal(UpdateSchedule.Minimum, UpdateSchedule.NextRefresh(Now.AddSeconds(10), Now));
    }

    [Fact]
    public void Retries_back_off_from_five_seconds_to_five_minutes()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), UpdateSchedule.RetryDelay(1));
        Assert.Equal(TimeSpan.FromSeconds(20), UpdateSchedule.RetryDelay(3));
        Assert.Equal(TimeSpan.FromMinutes(5), UpdateSchedule.RetryDelay(30));
    }
}
