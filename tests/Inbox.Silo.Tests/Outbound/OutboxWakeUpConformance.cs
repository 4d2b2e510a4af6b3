using Inbox.Silo.Access;
using Inbox.Silo.Conversations;
using Inbox.Silo.Outbound;

namespace Inbox.Silo.Tests.Outbound;

/// <summary>A number's outbox wakes for its earliest due item: a message held until morning never delays one due sooner.</summary>
public abstract class OutboxWakeUpConformance
{
    /// <summary>Tuesday 00:00 in Los Angeles, where the +1 425 numbers are: a reply to someone who just wrote goes, a follow-up waits for 08:00.</summary>
    private static readonly DateTimeOffset Midnight = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    protected abstract string Store { get; }

    [StoreFact]
    public async Task ARetryDueInTwoSecondsStillGoesWhenAFollowUpIsHeldUntilMorning()
    {
        var time = new FakeTimeProvider(Midnight);
        await using var domain = await Domain.StartAsync(Store, time);
        var active = await ConversationAsync(domain, "+14255550123", Midnight);
        var quiet = await ConversationAsync(domain, "+14255550124", Midnight.AddDays(-3));
        domain.Sender.Then(new SendResult.Transient("HTTP 503"));
        var reply = await Send(domain, active, "Your order shipped.");
        await Eventually.True(() => domain.Sender.Sent.Count == 1, "first attempt");
        await domain.DrainAsync();

        var followUp = await Send(domain, quiet, "How did we do?");
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 16, 0, 0, TimeSpan.Zero), followUp.HeldUntil);

        time.Advance(TimeSpan.FromSeconds(3)); // past the 2 s backoff
        await Eventually.True(() => domain.Sender.Sent.Count == 2, "the retry went about 2 s later, not at 08:00");
        Assert.Equal([reply.Id, reply.Id], domain.Sender.Sent.Select(s => s.MessageId));
    }

    [StoreFact]
    public async Task ARateLimitPauseEndsOnTimeWhenAFollowUpIsHeldUntilMorning()
    {
        var time = new FakeTimeProvider(Midnight);
        await using var domain = await Domain.StartAsync(Store, time);
        var active = await ConversationAsync(domain, "+14255550123", Midnight);
        var quiet = await ConversationAsync(domain, "+14255550124", Midnight.AddDays(-3));
        domain.Sender.Then(new SendResult.RateLimited(TimeSpan.FromSeconds(30)));
        var reply = await Send(domain, active, "Your order shipped.");
        await Eventually.True(() => domain.Sender.Sent.Count == 1, "first attempt");
        await domain.DrainAsync();

        var followUp = await Send(domain, quiet, "How did we do?");
        Assert.NotNull(followUp.HeldUntil);
        time.Advance(TimeSpan.FromSeconds(29));
        await domain.DrainAsync();
        Assert.Single(domain.Sender.Sent);

        time.Advance(TimeSpan.FromSeconds(2)); // the pause is over
        await Eventually.True(() => domain.Sender.Sent.Count == 2, "the paused reply went when the pause ended, not at 08:00");
        Assert.Equal([reply.Id, reply.Id], domain.Sender.Sent.Select(s => s.MessageId));
    }

    [StoreFact]
    public async Task AnEarlierHoldIsNotPushedBackByALaterOne()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero)); // 04:00 in New York, 01:00 in Los Angeles
        await using var domain = await Domain.StartAsync(Store, time);
        var newYork = await ConversationAsync(domain, "+12125550123", time.GetUtcNow().AddDays(-3));
        var losAngeles = await ConversationAsync(domain, "+14255550124", time.GetUtcNow().AddDays(-3));
        var early = await Send(domain, newYork, "Good morning, New York");
        var late = await Send(domain, losAngeles, "Good morning, Los Angeles");
        Assert.Equal((new DateTimeOffset(2026, 11, 24, 13, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 24, 16, 0, 0, TimeSpan.Zero)),
            (early.HeldUntil, late.HeldUntil));

        time.Advance(TimeSpan.FromHours(4)); // 08:00 in New York
        await Eventually.True(() => domain.Sender.Sent.Any(s => s.MessageId == early.Id), "released at 08:00 in New York");
        Assert.DoesNotContain(domain.Sender.Sent, s => s.MessageId == late.Id);

        time.Advance(TimeSpan.FromHours(3)); // 08:00 in Los Angeles
        await Eventually.True(() => domain.Sender.Sent.Any(s => s.MessageId == late.Id), "released at 08:00 in Los Angeles");
    }

    private static Task<MessageView> Send(Domain domain, string conversationId, string text) =>
        domain.Grains.GetGrain<IConversationGrain>(conversationId).Send(Caller.Owner(), new Outgoing(text));

    /// <summary>The conversation of a customer who last wrote at <paramref name="wrote"/>.</summary>
    private static async Task<string> ConversationAsync(Domain domain, string customer, DateTimeOffset wrote)
    {
        await domain.Inbound.ProcessAsync(Domain.Message(customer, "hi", at: wrote));
        return (await domain.OnlyConversationAsync(customer)).Id;
    }
}

public sealed class SqliteOutboxWakeUp : OutboxWakeUpConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresOutboxWakeUp : OutboxWakeUpConformance
{
    protected override string Store => Stores.Postgres;
}
