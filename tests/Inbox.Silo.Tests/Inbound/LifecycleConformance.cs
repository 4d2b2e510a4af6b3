using Inbox.Silo.Access;
using Inbox.Silo.Agents;
using Inbox.Silo.Conversations;
using Inbox.Silo.Events;

namespace Inbox.Silo.Tests.Inbound;

/// <summary>Snoozes, assignments and read marks, with their events.</summary>
public abstract class LifecycleConformance
{
    protected abstract string Store { get; }

    [StoreFact]
    public async Task ASnoozedConversationReopensWhenItsDurableJobFires()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var domain = await Domain.StartAsync(Store, time);
        await domain.Inbound.ProcessAsync(Domain.Message("+14255550123", "remind me tomorrow"));
        var id = (await domain.OnlyConversationAsync()).Id;

        await domain.Grains.GetGrain<IConversationGrain>(id).Update(Caller.Owner(), new ConversationChange(ConversationStatus.Snoozed, time.GetUtcNow().AddHours(8)));
        time.Advance(TimeSpan.FromHours(7));
        await domain.Cluster.Service<JobRunner>().Poll();
        Assert.Equal(ConversationStatus.Snoozed, (await domain.OnlyConversationAsync()).Status);

        time.Advance(TimeSpan.FromHours(1));
        await Eventually.True(async () => (await domain.OnlyConversationAsync()).Status == ConversationStatus.Open, "released");
        await domain.EventAsync(e => e is ConversationUpdated { Conversation.Status: ConversationStatus.Open } u && u.Conversation.Id == id, "event");
    }

    [StoreFact]
    public async Task ASnoozeMovedLaterReleasesAtTheLaterTime()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var domain = await Domain.StartAsync(Store, time);
        await domain.Inbound.ProcessAsync(Domain.Message("+14255550123", "remind me next week"));
        var conversation = domain.Grains.GetGrain<IConversationGrain>((await domain.OnlyConversationAsync()).Id);
        await conversation.Update(Caller.Owner(), new ConversationChange(ConversationStatus.Snoozed, time.GetUtcNow().AddHours(1)));

        await conversation.Update(Caller.Owner(), new ConversationChange(ConversationStatus.Snoozed, time.GetUtcNow().AddHours(3)));
        time.Advance(TimeSpan.FromHours(2));
        await domain.Cluster.Service<JobRunner>().Poll();
        Assert.Equal(ConversationStatus.Snoozed, (await domain.OnlyConversationAsync()).Status);

        time.Advance(TimeSpan.FromHours(1));
        await Eventually.True(async () => (await domain.OnlyConversationAsync()).Status == ConversationStatus.Open, "released at the later time");
    }

    [StoreFact]
    public async Task AssignmentFollowsTheRulesAndTheAssigneeReadingClearsUnread()
    {
        await using var domain = await Domain.StartAsync(Store);
        var ann = (await domain.NewAgentAsync("Ann", Role.Agent)).Id;
        var bob = (await domain.NewAgentAsync("Bob", Role.Agent)).Id;
        await domain.Inbound.ProcessAsync(Domain.Message("+14255550123", "hi"));
        var conversation = domain.Grains.GetGrain<IConversationGrain>((await domain.OnlyConversationAsync()).Id);
        var annCaller = (await domain.Grains.GetGrain<IAgentGrain>(ann).AsCaller())!;

        Assert.Equal(ann, (await conversation.Assign(annCaller, ann)).AssigneeId);
        Assert.Equal(DomainErrorKind.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => conversation.Assign(annCaller, bob))).Kind);
        Assert.Equal(bob, (await conversation.Assign(Caller.Owner(), bob)).AssigneeId);
        Assert.Equal("agent_not_found", (await Assert.ThrowsAsync<DomainException>(() => conversation.Assign(Caller.Owner(), "agt_nobody"))).Code);

        await conversation.MarkRead(Caller.Owner()); // the owner looking in is monitoring
        Assert.Equal(1, (await domain.OnlyConversationAsync()).Unread);
        Assert.Equal(0, (await conversation.MarkRead((await domain.Grains.GetGrain<IAgentGrain>(bob).AsCaller())!)).Unread);
        Assert.Equal(0, (await domain.OnlyConversationAsync()).Unread);
    }

    [StoreFact]
    public async Task PresenceChangesArePublishedToEachOfTheAgentsBrands()
    {
        await using var domain = await Domain.StartAsync(Store);
        var ann = (await domain.NewAgentAsync("Ann", Role.Agent)).Id;

        await domain.Grains.GetGrain<IAgentGrain>(ann).SetPresence(Presence.Online);

        await domain.EventAsync(e => e is AgentPresenceChanged { Presence: Presence.Online } p && p.AgentId == ann && p.BrandId == domain.BrandId, "presence");
    }
}

public sealed class SqliteLifecycle : LifecycleConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresLifecycle : LifecycleConformance
{
    protected override string Store => Stores.Postgres;
}
