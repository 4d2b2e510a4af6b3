using Inbox.Silo.Access;
using Inbox.Silo.Agents;
using Inbox.Silo.Brands;
using Inbox.Silo.Conversations;
using Inbox.Silo.Queries;

namespace Inbox.Silo.Tests.Threads;

/// <summary>What people did to a thread is in the thread; each agent has read a thread as far as they have.</summary>
public abstract class ThreadHistoryConformance
{
    protected abstract string Store { get; }

    [StoreFact]
    public async Task WhoAssignedMovedSnoozedResolvedAndReopenedIsInTheThreadInOrder()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 17, 0, 0, TimeSpan.Zero));
        await using var domain = await Domain.StartAsync(Store, time);
        var (ann, annCaller) = await domain.NewAgentAsync("Ann", Role.Agent);
        var (_, sue) = await domain.NewAgentAsync("Sue", Role.Supervisor);
        var billing = await domain.Grains.GetGrain<IBrandGrain>(domain.BrandId).AddTeam(Caller.Owner(), "Billing");
        await domain.Inbound.ProcessAsync(Domain.Message("+14255550123", "hi", at: time.GetUtcNow()));
        var id = (await domain.OnlyConversationAsync()).Id;
        var conversation = domain.Grains.GetGrain<IConversationGrain>(id);

        await conversation.Assign(sue, ann);
        await conversation.Update(sue, new ConversationChange(TeamId: billing.Id));
        await conversation.Update(annCaller, new ConversationChange(ConversationStatus.Snoozed, time.GetUtcNow().AddHours(1)));
        await conversation.Update(annCaller, new ConversationChange(ConversationStatus.Resolved));
        await conversation.Update(sue, new ConversationChange(ConversationStatus.Open));
        await conversation.Assign(sue, null);

        var thread = (await domain.ThreadAsync(id)).Reverse().ToArray();
        Assert.Equal(MessageKind.Message, thread[0].Kind);
        var activity = thread.Skip(1).ToArray();
        Assert.All(activity, a => Assert.Equal(MessageKind.Activity, a.Kind));
        Assert.Equal(
            [ActivityAction.Assigned, ActivityAction.Moved, ActivityAction.Snoozed, ActivityAction.Resolved, ActivityAction.Reopened, ActivityAction.Unassigned],
            activity.Select(a => a.Activity!.Action));
        Assert.Equal(["Sue", "Sue", "Ann", "Ann", "Sue", "Sue"], activity.Select(a => a.Activity!.ActorName));
        Assert.Equal(ann, activity[0].Activity!.AssigneeId);
        Assert.Equal((domain.TeamId, billing.Id), (activity[1].Activity!.FromTeamId, activity[1].Activity!.ToTeamId));
        Assert.Equal(time.GetUtcNow().AddHours(1), activity[2].Activity!.SnoozedUntil);
        Assert.Contains("Sue assigned this to Ann", activity[0].Text);
        Assert.All(activity, a => Assert.True(a.IsPrivate));
        Assert.Empty(domain.Sender.Sent);
        foreach (var action in activity.Select(a => a.Activity!.Action))
            await domain.EventAsync(e => e is Events.MessageAdded { Message.Activity: { } published } && published.Action == action, $"{action} published live");
        var row = await domain.OnlyConversationAsync();
        Assert.Equal(("hi", 1), (row.Preview, row.Unread));
    }

    [StoreFact]
    public async Task ACustomerReopeningAResolvedThreadIsRecordedToo()
    {
        await using var domain = await Domain.StartAsync(Store);
        await domain.Inbound.ProcessAsync(Domain.Message("+14255550123", "hi"));
        var id = (await domain.OnlyConversationAsync()).Id;
        await domain.Grains.GetGrain<IConversationGrain>(id).Update(Caller.Owner(), new ConversationChange(ConversationStatus.Resolved));

        await domain.Inbound.ProcessAsync(Domain.Message("+14255550123", "one more thing"));

        var activity = (await domain.ThreadAsync(id)).Where(m => m.Kind == MessageKind.Activity).Select(m => m.Activity!.Action).Reverse();
        Assert.Equal([ActivityAction.Resolved, ActivityAction.Reopened], activity);
    }

    [StoreFact]
    public async Task OnlyTheAssigneeReadingOrAReplyClearsTheAssigneesUnreadAndEachAgentHasTheirOwn()
    {
        await using var domain = await Domain.StartAsync(Store);
        var (ann, annCaller) = await domain.NewAgentAsync("Ann", Role.Agent);
        var (_, sue) = await domain.NewAgentAsync("Sue", Role.Supervisor);
        await domain.Inbound.ProcessAsync(Domain.Message("+14255550123", "hi"));
        await domain.Inbound.ProcessAsync(Domain.Message("+14255550123", "anyone?"));
        var id = (await domain.OnlyConversationAsync()).Id;
        var conversation = domain.Grains.GetGrain<IConversationGrain>(id);
        await conversation.Assign(sue, ann);

        Assert.Equal((2, 2), (await UnreadAsync(domain, annCaller, id), await UnreadAsync(domain, sue, id)));
        await conversation.MarkRead(sue); // a supervisor looking in is monitoring
        Assert.Equal((2, 0), (await UnreadAsync(domain, annCaller, id), await UnreadAsync(domain, sue, id)));
        Assert.Equal(2, (await domain.OnlyConversationAsync()).Unread);

        await conversation.MarkRead(annCaller);
        Assert.Equal((0, 0), (await UnreadAsync(domain, annCaller, id), await UnreadAsync(domain, sue, id)));

        await domain.Inbound.ProcessAsync(Domain.Message("+14255550123", "hello again"));
        Assert.Equal((1, 1), (await UnreadAsync(domain, annCaller, id), await UnreadAsync(domain, sue, id)));
        await conversation.Send(sue, new Outgoing("On it"));
        Assert.Equal((0, 0), (await UnreadAsync(domain, annCaller, id), await UnreadAsync(domain, sue, id)));
        Assert.Equal(0, (await domain.OnlyConversationAsync()).Unread);

        await domain.Inbound.ProcessAsync(Domain.Message("+14255550123", "thanks"));
        await conversation.Send(sue, new Outgoing("Noted", IsPrivate: true)); // a note is no answer to the customer
        Assert.Equal(1, await UnreadAsync(domain, annCaller, id));
    }

    [StoreFact]
    public async Task AMonitoringAgentsUnreadStopsCountingAtItsCapAndTheAssigneesDoesNot()
    {
        await using var domain = await Domain.StartAsync(Store);
        var (ann, annCaller) = await domain.NewAgentAsync("Ann", Role.Agent);
        var (_, sue) = await domain.NewAgentAsync("Sue", Role.Supervisor);
        await domain.Inbound.ProcessAsync(Enumerable.Range(1, ConversationQueries.MonitorUnreadCap + 5)
            .Select(i => Domain.Message("+14255550123", $"message {i}", dedupeKey: $"SM-{i}")).ToArray());
        var id = (await domain.OnlyConversationAsync()).Id;
        await domain.Grains.GetGrain<IConversationGrain>(id).Assign(sue, ann);

        Assert.Equal((ConversationQueries.MonitorUnreadCap + 5, ConversationQueries.MonitorUnreadCap),
            (await UnreadAsync(domain, annCaller, id), await UnreadAsync(domain, sue, id)));
    }

    private static async Task<int> UnreadAsync(Domain domain, Caller caller, string id)
    {
        var listed = (await domain.Conversations.ListAsync(caller, new ConversationFilter(domain.BrandId), null, 50)).Items.Single(c => c.Id == id).Unread;
        var one = (await domain.Conversations.GetAsync(caller, id))!.Unread;
        Assert.Equal(listed, one);
        return listed;
    }
}

public sealed class SqliteThreadHistory : ThreadHistoryConformance
{
    protected override string Store => Stores.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresThreadHistory : ThreadHistoryConformance
{
    protected override string Store => Stores.Postgres;
}
