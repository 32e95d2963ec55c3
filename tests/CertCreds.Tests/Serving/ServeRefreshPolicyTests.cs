using CertCreds.Credentials;
using CertCreds.Serving;

namespace CertCreds.Tests.Serving;

public sealed class ServeRefreshPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);

    private static ServedCredentials Served(TimeSpan lifetime) =>
        ServedCredentials.Create(new TemporaryCredentials("ASIAEXAMPLE", "secret", "token", Now + lifetime), Now);

    [Theory]
    [InlineData(3600, 1200)]
    [InlineData(900, 450)]
    [InlineData(43200, 14400)]
    [InlineData(7200, 2400)]
    [InlineData(40, 20)]
    [InlineData(20, 15)]
    [InlineData(10, 10)]
    public void Refresh_starts_ahead_of_expiry_by_a_third_at_least_fifteen_minutes_but_never_past_half_the_lifetime_and_leaves_slack_before_serving_stops(int lifetimeSeconds, int aheadSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(aheadSeconds), ServeRefreshPolicy.RefreshAhead(TimeSpan.FromSeconds(lifetimeSeconds)));
        Assert.Equal(Now + TimeSpan.FromSeconds(lifetimeSeconds - aheadSeconds), ServeRefreshPolicy.RefreshAt(Served(TimeSpan.FromSeconds(lifetimeSeconds))));
    }

    [Fact]
    public void One_hour_credentials_are_replaced_while_clients_still_consider_them_fresh()
    {
        Assert.True(ServeRefreshPolicy.RefreshAhead(TimeSpan.FromHours(1)) > RefreshWindow.Advisory);
    }

    [Fact]
    public void Credentials_are_served_until_ten_seconds_before_expiry_and_never_after()
    {
        var credentials = Served(TimeSpan.FromMinutes(15)).Credentials;
        Assert.True(ServeRefreshPolicy.IsServable(credentials, credentials.Expiration - TimeSpan.FromSeconds(11)));
        Assert.False(ServeRefreshPolicy.IsServable(credentials, credentials.Expiration - TimeSpan.FromSeconds(10)));
        Assert.False(ServeRefreshPolicy.IsServable(credentials, credentials.Expiration + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Retry_delay_doubles_from_one_second_and_is_capped_by_the_lifetime()
    {
        var hour = TimeSpan.FromHours(1);
        Assert.Equal(1 * 1000.0, ServeRefreshPolicy.RetryDelay(1, hour, 0.999999999).TotalMilliseconds, 0);
        Assert.Equal(4 * 1000.0, ServeRefreshPolicy.RetryDelay(3, hour, 0.999999999).TotalMilliseconds, 0);
        Assert.Equal(180 * 1000.0, ServeRefreshPolicy.RetryDelay(30, hour, 0.999999999).TotalMilliseconds, 0);
        Assert.Equal(2 * 1000.0, ServeRefreshPolicy.RetryDelay(30, TimeSpan.FromSeconds(40), 0.999999999).TotalMilliseconds, 0);
        Assert.Equal(240 * 1000.0, ServeRefreshPolicy.RetryDelay(30, TimeSpan.FromHours(12), 0.999999999).TotalMilliseconds, 0);
        Assert.Equal(240 * 1000.0, ServeRefreshPolicy.RetryDelay(30, null, 0.999999999).TotalMilliseconds, 0);
    }

    [Fact]
    public void Retry_delay_spreads_over_the_whole_ceiling_so_a_fleet_that_failed_together_does_not_retry_together()
    {
        Assert.Equal(0, ServeRefreshPolicy.RetryDelay(30, null, 0).TotalMilliseconds, 0);
        Assert.Equal(60 * 1000.0, ServeRefreshPolicy.RetryDelay(30, null, 0.25).TotalMilliseconds, 0);
        Assert.Equal(2 * 1000.0, ServeRefreshPolicy.RetryDelay(3, TimeSpan.FromHours(1), 0.5).TotalMilliseconds, 0);
    }

    [Fact]
    public void Next_wait_is_immediate_without_credentials_and_until_the_refresh_point_with_them()
    {
        Assert.Equal(TimeSpan.Zero, CredentialRefresher.NextWait(null, 0, Now, 0.5));
        Assert.Equal(TimeSpan.FromMinutes(40), CredentialRefresher.NextWait(Served(TimeSpan.FromHours(1)), 0, Now, 0.5));
        Assert.Equal(TimeSpan.Zero, CredentialRefresher.NextWait(Served(TimeSpan.FromHours(1)), 0, Now + TimeSpan.FromMinutes(50), 0.5));
        Assert.Equal(TimeSpan.FromSeconds(1), CredentialRefresher.NextWait(Served(TimeSpan.FromSeconds(10)), 0, Now, 0.5));
        Assert.Equal(ServeRefreshPolicy.RetryDelay(2, TimeSpan.FromHours(1), 0.5), CredentialRefresher.NextWait(Served(TimeSpan.FromHours(1)), 2, Now, 0.5));
    }
}
