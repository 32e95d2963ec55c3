using CertCreds.Credentials;

namespace CertCreds.Tests.Credentials;

public sealed class RefreshPolicyTests
{
    private static readonly DateTimeOffset Issued = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static CachedCredentials Entry(TimeSpan lifetime) => new(new TemporaryCredentials("ASIA", "s", "t", Issued + lifetime), Issued);

    [Theory]
    [InlineData(60, 43.9, true)]
    [InlineData(60, 44.1, false)]
    [InlineData(720, 700, true)]
    [InlineData(720, 704.5, false)]
    public void Hour_long_credentials_are_handed_out_until_16_minutes_remain(double lifetimeMinutes, double ageMinutes, bool fresh)
    {
        Assert.Equal(fresh, RefreshPolicy.IsFresh(Entry(TimeSpan.FromMinutes(lifetimeMinutes)), Issued.AddMinutes(ageMinutes)));
    }

    [Theory]
    [InlineData(15, 3.9, true)]
    [InlineData(15, 4.1, false)]
    [InlineData(20, 8.9, true)]
    [InlineData(20, 9.1, false)]
    public void Short_lived_credentials_are_handed_out_until_11_minutes_remain(double lifetimeMinutes, double ageMinutes, bool fresh)
    {
        Assert.Equal(fresh, RefreshPolicy.IsFresh(Entry(TimeSpan.FromMinutes(lifetimeMinutes)), Issued.AddMinutes(ageMinutes)));
    }

    [Fact]
    public void The_threshold_switches_where_the_advisory_window_would_leave_under_five_useful_minutes()
    {
        Assert.Equal(TimeSpan.FromMinutes(11), RefreshPolicy.RefreshThreshold(TimeSpan.FromMinutes(20.9)));
        Assert.Equal(TimeSpan.FromMinutes(16), RefreshPolicy.RefreshThreshold(TimeSpan.FromMinutes(21)));
    }

    [Theory]
    [InlineData(48, true)]
    [InlineData(49.1, false)]
    [InlineData(70, false)]
    public void After_a_failed_refresh_only_credentials_above_botocores_mandatory_window_stand_in(double ageMinutes, bool usable)
    {
        Assert.Equal(usable, RefreshPolicy.IsUsableAfterFailure(Entry(TimeSpan.FromMinutes(60)), Issued.AddMinutes(ageMinutes)));
    }
}
