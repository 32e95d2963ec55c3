using CertCreds.Serving;
using Microsoft.Extensions.Time.Testing;

namespace CertCreds.Tests.Serving;

public sealed class ImdsTokenStoreTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Tokens_are_random_and_capped_in_number_by_dropping_the_oldest()
    {
        var store = new ImdsTokenStore(clock, capacity: 3);
        var tokens = Enumerable.Range(0, 5).Select(_ => store.Issue(60)).ToList();
        Assert.Equal(5, tokens.Distinct().Count());
        Assert.Equal(3, store.Count);
        Assert.False(store.IsValid(tokens[0]));
        Assert.False(store.IsValid(tokens[1]));
        Assert.True(store.IsValid(tokens[4]));
    }

    [Fact]
    public void Expired_tokens_make_room_before_live_ones_are_dropped()
    {
        var store = new ImdsTokenStore(clock, capacity: 2);
        var longLived = store.Issue(600);
        _ = store.Issue(1);
        clock.Advance(TimeSpan.FromSeconds(2));
        var fresh = store.Issue(60);
        Assert.True(store.IsValid(longLived));
        Assert.True(store.IsValid(fresh));
    }
}
