using Inbox.Web.Auth;

namespace Inbox.Web.Tests.Accounts;

/// <summary>The back-off's arithmetic, without the app: free failures, then doubling waits, capped, forgotten after a while.</summary>
public sealed class BackoffTests
{
    private static readonly SignInOptions Options = new()
    {
        FirstDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromMinutes(1), ForgetAfter = TimeSpan.FromHours(1),
    };

    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(4, 0)]
    [InlineData(5, 2)]
    [InlineData(6, 4)]
    [InlineData(8, 16)]
    [InlineData(20, 60)]
    [InlineData(10_000, 60)]
    public void EachFailureAfterTheFreeOnesDoublesTheWaitUpToTheCap(long failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Backoff.Delay(failures, 5, Options.FirstDelay, Options.MaxDelay));

    [Fact]
    public void TheWaitCountsFromTheLastFailureAndEnds()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), Backoff.RetryAfter(5, Now.AddSeconds(-1), Now, 5, Options));
        Assert.Null(Backoff.RetryAfter(5, Now.AddSeconds(-3), Now, 5, Options));
        Assert.Null(Backoff.RetryAfter(4, Now, Now, 5, Options));
    }

    [Fact]
    public void FailuresLongAgoAreForgotten() =>
        Assert.Null(Backoff.RetryAfter(10_000, Now.AddHours(-2), Now, 5, Options));

    [Fact]
    public void ANonsenseConfigurationIsRefused()
    {
        Assert.False(new SignInOptions { FirstDelay = TimeSpan.Zero }.IsValid());
        Assert.False(new SignInOptions { TrustedProxies = ["not an address"] }.IsValid());
        Assert.True(new SignInOptions { TrustedProxies = ["10.0.0.1"] }.IsValid());
    }
}
