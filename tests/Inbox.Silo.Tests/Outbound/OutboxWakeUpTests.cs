using Inbox.Silo.Outbound;

namespace Inbox.Silo.Tests.Outbound;

public sealed class OutboxWakeUpTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TheOutboxWakesForItsEarliestRowButNotBeforeAPauseEnds()
    {
        Assert.Equal(Now.AddSeconds(2), Outbox.WakeUp(Now.AddSeconds(2), DateTimeOffset.MinValue));
        Assert.Equal(Now.AddSeconds(30), Outbox.WakeUp(Now, Now.AddSeconds(30)));
        Assert.Equal(Now.AddHours(8), Outbox.WakeUp(Now.AddHours(8), Now.AddSeconds(30)));
        Assert.Null(Outbox.WakeUp(null, Now.AddSeconds(30)));
    }
}
