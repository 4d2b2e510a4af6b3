using Inbox.Silo.Access;
using Inbox.Silo.Brands;

namespace Inbox.Silo.Conversations;

/// <summary>What people do to a thread (each change leaves an activity entry in it) and how far each agent has read it.</summary>
public sealed partial class ConversationGrain
{
    public async Task<ConversationRow> Assign(Caller caller, string? assigneeId)
    {
        EnsureVisible(caller);
        if (!Visibility.CanAssign(caller, S.BrandId!, S.AssigneeId, assigneeId))
            throw Refuse.Forbidden("Assigning conversations to others takes a supervisor; agents may take or drop their own.");
        string? name = null;
        if (assigneeId is not null)
        {
            var agent = await GrainFactory.GetGrain<Agents.IAgentGrain>(assigneeId).Get() ?? throw Refuse.NotFound("agent", assigneeId);
            if (!agent.Brands.ContainsKey(S.BrandId!)) throw Refuse.Rule("not_a_member", $"{agent.Name} does not work for this brand.");
            name = agent.Name;
        }
        if (assigneeId == S.AssigneeId) return S.Row(Id);
        // The assignee's unread is what came in since they last read the thread or anyone answered it.
        var unread = await UnreadSinceAsync(assigneeId);
        var now = silo.Clock.GetUtcNow();
        var work = new UnitOfWork();
        var entry = assigneeId is null
            ? Record(work, new ActivityEntry(ActivityAction.Unassigned, caller.AgentId, caller.Name, S.AssigneeId), $"{caller.Name} unassigned this.", now)
            : Record(work, new ActivityEntry(ActivityAction.Assigned, caller.AgentId, caller.Name, assigneeId),
                assigneeId == caller.AgentId ? $"{caller.Name} took this." : $"{caller.Name} assigned this to {name}.", now);
        (S.AssigneeId, S.Unread) = (assigneeId, unread);
        S.Touch(null, now);
        return await CommitRowAsync(work, entry);
    }

    public async Task<ConversationRow> Update(Caller caller, ConversationChange change)
    {
        EnsureVisible(caller);
        var now = silo.Clock.GetUtcNow();
        var work = new UnitOfWork();
        var (team, status) = (S.TeamId, S.Status);
        var moved = change.TeamId is { } to && to != team ? to : null;
        BrandView? brand = null;
        if (moved is not null)
        {
            if (!Visibility.CanMoveTeams(caller, S.BrandId!)) throw Refuse.Forbidden("Moving a conversation to another team takes a supervisor.");
            brand = await GrainFactory.GetGrain<IBrandGrain>(S.BrandId!).Get();
            if (brand?.Teams.Any(t => t.Id == moved) != true) throw Refuse.Invalid("unknown_team", $"This brand has no team {moved}.", "teamId");
        }
        if (change.Status is { } next)
        {
            S.ChangeStatus(next, change.SnoozedUntil, now);
            // Re-armed, not scheduled: snoozing again until later must move the release later too.
            work.Add(S.SnoozedUntil is { } until ? silo.Jobs.Rearm(this.GetGrainId(), SnoozeJob, until) : silo.Jobs.Cancel(this.GetGrainId(), SnoozeJob));
        }
        else if (change.SnoozedUntil is not null)
        {
            throw Refuse.Invalid("bad_snooze", "Give status \"snoozed\" with snoozedUntil.", "snoozedUntil");
        }
        var entries = new List<MessageView>();
        if (moved is not null)
        {
            S.TeamId = moved;
            string TeamName(string? id) => brand!.Teams.FirstOrDefault(t => t.Id == id)?.Name ?? "no team";
            entries.Add(Record(work, new ActivityEntry(ActivityAction.Moved, caller.AgentId, caller.Name, FromTeamId: team, ToTeamId: moved),
                $"{caller.Name} moved this from {TeamName(team)} to {TeamName(moved)}.", now));
        }
        if (change.Status is not null && StatusActivity(status, S.Status, S.SnoozedUntil) is { } action)
        {
            entries.Add(Record(work, new ActivityEntry(action, caller.AgentId, caller.Name, SnoozedUntil: S.SnoozedUntil),
                action switch
                {
                    ActivityAction.Snoozed => $"{caller.Name} snoozed this until {S.SnoozedUntil:u}.",
                    ActivityAction.Resolved => $"{caller.Name} resolved this.",
                    ActivityAction.Pending => $"{caller.Name} marked this pending.",
                    _ => $"{caller.Name} reopened this.",
                }, now));
        }
        return await CommitRowAsync(work, [.. entries]);
    }

    /// <summary>Opening a thread marks it read as far as it goes, for the caller only; only the assignee's reading clears the thread's unread.</summary>
    public async Task<ConversationRow> MarkRead(Caller caller)
    {
        EnsureVisible(caller);
        if (caller.AgentId is not { } agent) return S.Row(Id);
        var work = new UnitOfWork().Add(MessageRows.ReadUpTo(Id, agent, S.NextSequence - 1, silo.Clock.GetUtcNow()));
        if (agent == S.AssigneeId) S.Unread = 0;
        var row = await CommitRowAsync(work);
        await MarkCustomerReadAsync();
        return row with { Unread = 0 };
    }

    // The customer message last marked read on the channel by this activation, so reading the thread again sends nothing.
    private string? _markedRead;

    /// <summary>On WhatsApp and Messenger the customer sees that the brand read them: the last customer message is marked read, off the agent's path.</summary>
    private async Task MarkCustomerReadAsync()
    {
        if (!Outbound.ReadReceipts.Shows(S.Channel)) return;
        var last = (await silo.Rows.QueryAsync(
            "SELECT provider_message_id FROM messages WHERE conversation_id = $1 AND direction = 'inbound' AND author_kind = 'contact' AND provider_message_id IS NOT NULL ORDER BY seq DESC LIMIT 1",
            [Id], r => r.GetString(0))).FirstOrDefault();
        if (last is null || last == _markedRead) return;
        _number ??= await GrainFactory.GetGrain<Numbers.INumberGrain>(S.NumberKey).Get();
        if (_number is null) return;
        _markedRead = last;
        silo.ReadReceipts.Mark(_number.ProviderAccount, _number.Address, S.ContactAddress, last);
    }

    /// <summary>The activity a status change leaves: none when nothing changed (a snooze moved to another time is a new snooze).</summary>
    public static ActivityAction? StatusActivity(ConversationStatus before, ConversationStatus after, DateTimeOffset? snoozedUntil) => (before, after) switch
    {
        (_, ConversationStatus.Snoozed) when snoozedUntil is not null => ActivityAction.Snoozed,
        var (b, a) when b == a => null,
        (_, ConversationStatus.Resolved) => ActivityAction.Resolved,
        (_, ConversationStatus.Pending) => ActivityAction.Pending,
        _ => ActivityAction.Reopened,
    };

    /// <summary>A reply answers the customer: the assignee's unread clears, and the replier and the assignee have read the thread up to it.</summary>
    private void Answered(UnitOfWork work, Caller caller, MessageView reply)
    {
        S.Unread = 0;
        S.LastReplySequence = reply.Sequence;
        foreach (var agent in new[] { caller.AgentId, S.AssigneeId }.OfType<string>().Distinct())
            work.Add(MessageRows.ReadUpTo(Id, agent, reply.Sequence, reply.SentAt));
    }

    /// <summary>An activity entry in the thread, written with the change that caused it; published once that commits.</summary>
    private MessageView Record(UnitOfWork work, ActivityEntry activity, string text, DateTimeOffset now)
    {
        var entry = new MessageView(Ids.New("msg"), Id, S.TakeSequence(), Direction.Outbound, activity.ActorId is null ? AuthorKind.System : AuthorKind.Agent,
            activity.ActorId, text, [], true, DeliveryStatus.Received, null, null, null, now) { Activity = activity };
        work.Add(MessageRows.Insert(entry, S.BrandId!, S.NumberKey, dedupeKey: null));
        return entry;
    }

    private async Task<int> UnreadSinceAsync(string? agentId)
    {
        var mark = agentId is null ? 0L : (await silo.Rows.QueryAsync(
            "SELECT read_seq FROM read_marks WHERE conversation_id = $1 AND agent_id = $2", [Id, agentId], r => r.GetInt64(0))).FirstOrDefault();
        var since = Math.Max(mark, S.LastReplySequence);
        var counts = await silo.Rows.QueryAsync($"SELECT COUNT(*) FROM messages m WHERE m.conversation_id = $1 AND {MessageRows.FromCustomer("m")} AND m.seq > $2",
            [Id, since], r => r.GetInt64(0));
        return (int)counts.Single();
    }
}
