using Inbox.Silo.Access;
using Inbox.Silo.Channels;
using Inbox.Silo.Compliance;
using Inbox.Silo.Conversations;
using Inbox.Silo.Inbound;

namespace Inbox.Silo.Tests.Inbound;

/// <summary>
/// A channel's unsubscribe and block events change consent and are recorded in the thread, nothing more: they are
/// not customer messages, so they reopen nothing, add no unread and leave the 24-hour window as the last message left it.
/// </summary>
public abstract class ChannelEventConformance
{
    private const string Customer = "14255550123";

    /// <summary>Monday 11:00 in Los Angeles.</summary>
    private static readonly DateTimeOffset Daytime = new(2026, 11, 23, 19, 0, 0, TimeSpan.Zero);

    /// <summary>The customer's last message, three days before (the clock is not advanced over days: its timers would fire for every second).</summary>
    private static readonly DateTimeOffset LastWritten = Daytime.AddDays(-3);

    protected abstract string Store { get; }

    [StoreFact]
    public async Task AnUnsubscribeDaysAfterTheLastMessageOptsOutAndLeavesAResolvedConversationResolvedReadAndItsWindowClosed()
    {
        var (domain, time, before) = await ResolvedWhatsAppConversationAsync();
        await using var _ = domain;
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(InboundOutcome.Accepted, (await domain.Inbound.ProcessAsync(Event(InboundKind.Unsubscribe, "wa-unsub-1", time.GetUtcNow()))).Outcome);

        await AssertUnchangedAsync(domain, before);
        var entry = (await domain.ThreadAsync(before.Id))[0];
        Assert.Equal("ChannelEvent", entry.Kind.ToString());
        Assert.Contains("unsubscribed", entry.Text);
        var change = await OnlyChangeAsync(domain);
        Assert.Equal(("opt_out", "channel", "unsubscribed", entry.Id), (change.Change, change.Method, change.Reason, change.MessageId));
    }

    [StoreFact]
    public async Task ABlockDaysAfterTheLastMessageOptsOutOfTheNumberAndLeavesAResolvedConversationResolvedReadAndItsWindowClosed()
    {
        var (domain, time, before) = await ResolvedWhatsAppConversationAsync();
        await using var _ = domain;
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(InboundOutcome.Accepted, (await domain.Inbound.ProcessAsync(Event(InboundKind.Block, "wa-block-1", time.GetUtcNow()))).Outcome);

        await AssertUnchangedAsync(domain, before);
        var entry = (await domain.ThreadAsync(before.Id))[0];
        Assert.Equal("ChannelEvent", entry.Kind.ToString());
        Assert.Contains("blocked", entry.Text);
        var consent = await domain.Grains.GetGrain<IConsentGrain>(ConsentKeys.For(domain.BrandId, Channel.WhatsApp, "+" + Customer)).Get();
        Assert.True(consent.For(domain.WhatsAppKey).OptedOut);
        var change = await OnlyChangeAsync(domain);
        Assert.Equal(("opt_out", "channel", "blocked"), (change.Change, change.Method, change.Reason));
        await domain.SentinelAsync(domain.WhatsAppKey);
        Assert.Empty(domain.Sent); // no confirmation goes to someone who blocked the number
    }

    [StoreFact]
    public async Task AnEventInsideTheWindowNeitherExtendsItNorCountsAsUnread()
    {
        var time = new FakeTimeProvider(Daytime);
        await using var domain = await Domain.StartAsync(Store, time);
        var written = Daytime.AddHours(-20);
        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "hi", channel: Channel.WhatsApp, to: Domain.WhatsAppId, at: written));
        var before = await domain.OnlyConversationAsync();
        time.Advance(TimeSpan.FromMinutes(1));

        await domain.Inbound.ProcessAsync(Event(InboundKind.Block, "wa-block-2", time.GetUtcNow()));

        var after = await domain.OnlyConversationAsync();
        Assert.Equal((ConversationStatus.Open, 1, written, "hi"), (after.Status, after.Unread, after.LastInboundAt, after.Preview));
        Assert.Equal(before.LastActivityAt, after.LastActivityAt);
        var composer = await domain.Grains.GetGrain<IConversationGrain>(after.Id).Composer(Caller.Owner());
        Assert.Equal(written.AddHours(24), composer.WindowOpenUntil);
    }

    private async Task<(Domain Domain, FakeTimeProvider Time, ConversationRow Before)> ResolvedWhatsAppConversationAsync()
    {
        var time = new FakeTimeProvider(Daytime);
        var domain = await Domain.StartAsync(Store, time);
        await domain.Inbound.ProcessAsync(Domain.Message(Customer, "thanks, all sorted", channel: Channel.WhatsApp, to: Domain.WhatsAppId, at: LastWritten));
        var id = (await domain.OnlyConversationAsync()).Id;
        var grain = domain.Grains.GetGrain<IConversationGrain>(id);
        var (ann, annCaller) = await domain.NewAgentAsync("Ann", Role.Supervisor);
        await grain.Assign(annCaller, ann);
        await grain.MarkRead(annCaller); // the assignee has read it: the thread's unread is theirs
        time.Advance(TimeSpan.FromMinutes(5));
        await grain.Update(Caller.Owner(), new ConversationChange(ConversationStatus.Resolved));
        return (domain, time, await domain.OnlyConversationAsync());
    }

    private static async Task AssertUnchangedAsync(Domain domain, ConversationRow before)
    {
        var after = await domain.OnlyConversationAsync();
        Assert.Equal((ConversationStatus.Resolved, 0, LastWritten, "thanks, all sorted"), (after.Status, after.Unread, after.LastInboundAt, after.Preview));
        Assert.Equal(before.LastActivityAt, after.LastActivityAt); // it does not jump the list as a customer's message would
        var grain = domain.Grains.GetGrain<IConversationGrain>(before.Id);
        Assert.Equal(LastWritten.AddHours(24), (await grain.Composer(Caller.Owner())).WindowOpenUntil); // the window did not reopen
        var refused = await Assert.ThrowsAsync<DomainException>(() => grain.Send(Caller.Owner(), new Outgoing("Sorry to see you go")));
        Assert.Equal("opted_out", refused.Code);
    }

    private static async Task<ConsentEventView> OnlyChangeAsync(Domain domain) =>
        Assert.Single(await domain.Cluster.Service<ConsentHistory>().ForAsync(Caller.Owner(), domain.BrandId, Channel.WhatsApp, "+" + Customer));

    private static InboundEvent Event(InboundKind kind, string dedupeKey, DateTimeOffset at) => new()
    {
        Kind = kind, Channel = Channel.WhatsApp, NumberAddress = Domain.WhatsAppId, SenderAddress = Customer, DedupeKey = dedupeKey, ProviderTimestamp = at,
    };
}

public sealed class SqliteChannelEvents : ChannelEventConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresChannelEvents : ChannelEventConformance
{
    protected override string Store => Stores.Postgres;
}
