using Inbox.Actors;
using Inbox.Silo.Access;
using Inbox.Silo.Compliance;
using Inbox.Silo.Events;
using Inbox.Silo.Inbound;
using Inbox.Silo.Numbers;
using Inbox.Silo.Outbound;

namespace Inbox.Silo.Conversations;

/// <summary>
/// One thread between a dedicated number and one customer identity. Every change commits the
/// state with its message and list rows in one unit of work, then publishes its events.
/// </summary>
public sealed partial class ConversationGrain(
    [PersistentState("conversation")] IPersistentState<ConversationState> state,
    DurableJobs jobs, StateStore store, InboxEvents events, Storage.Rows rows, TimeProvider time) : Grain, IConversationGrain, IDurableJobHandler
{
    private const string SnoozeJob = "snooze";
    private readonly RecentKeys _recent = new();

    private string Id => this.GetPrimaryKeyString();

    /// <summary>False for an alphanumeric sender id: its keywords and auto-replies would answer something that cannot receive.</summary>
    private bool ContactCanReceive => Contacts.ContactIdentities.CannotReceive(S.Channel, S.ContactAddress) is null;

    private ConversationState S => state.State;

    public async Task<InboundOutcome> Receive(ConversationTarget target, InboundEvent inbound)
    {
        var now = time.GetUtcNow();
        if (!S.Exists) S.Start(target, now);
        if (_recent.Contains(inbound.DedupeKey)) return InboundOutcome.Duplicate;
        if (inbound.Kind is InboundKind.Edit) return await EditAsync(inbound);
        if (inbound.Kind is InboundKind.ReadUpTo) return await ReadUpToAsync(inbound);

        var channelEvent = InboundMessages.IsChannelEvent(inbound.Kind);
        var fromCustomer = inbound.Kind is not InboundKind.Echo && !channelEvent;
        var message = InboundMessages.ToMessage(Id, S.TakeSequence(), S.ContactId, inbound, now);
        var wasSnoozed = S.Status == ConversationStatus.Snoozed;
        if (fromCustomer) S.OnCustomerMessage(message.SentAt, InboundMessages.Preview(message), now);
        // A channel's event is not the customer writing: it reopens nothing, adds no unread, keeps the window and the list's order.
        else if (!channelEvent) S.Touch(InboundMessages.Preview(message), now);

        var work = new UnitOfWork()
            .Add(MessageRows.Insert(message, S.BrandId!, S.NumberKey, inbound.DedupeKey, () => new DuplicateInboundException()));
        var replies = inbound.Kind == InboundKind.Message && ContactCanReceive ? await KeywordWorkAsync(inbound, message, now) : [];
        if (channelEvent)
        {
            // The channel itself reports it (an unsubscribe; a block, after which this number may not message them): an opt-out of
            // this number, with no reply.
            await GrainFactory.GetGrain<IConsentGrain>(ConsentKeys.For(S.BrandId!, S.Channel, S.ContactAddress)).ApplyChannelOptOut(
                S.NumberKey, inbound.Kind == InboundKind.Block ? "blocked" : "unsubscribed", inbound.DedupeKey, message.Id, message.SentAt);
        }
        foreach (var reply in replies) foreach (var row in reply.Rows) work.Add(row);
        work.Add(MessageRows.Upsert(S.Row(Id), S.CreatedAt));
        if (wasSnoozed && fromCustomer) work.Add(jobs.Cancel(GrainId, SnoozeJob));
        try
        {
            await state.WriteStateAsync(work);
        }
        catch (DuplicateInboundException)
        {
            // Redelivered after the activation forgot it: the unit was undone (and with it any keyword reply), so reload what is stored.
            await state.ReadStateAsync();
            _recent.Remember(inbound.DedupeKey);
            return InboundOutcome.Duplicate;
        }
        catch
        {
            await state.ReadStateAsync();
            throw;
        }
        _recent.Remember(inbound.DedupeKey);
        Publish(message);
        foreach (var reply in replies) Publish(reply.Message);
        if (replies.Any(r => !r.Message.IsPrivate)) OutboxGrain.Poke(GrainFactory, S.NumberKey);
        else if (fromCustomer && inbound.Kind == InboundKind.Message && ContactCanReceive) await AutoReplyAsync(now);
        return InboundOutcome.Accepted;
    }

    public async Task<ConversationRow> Assign(Caller caller, string? assigneeId)
    {
        EnsureVisible(caller);
        if (!Visibility.CanAssign(caller, S.BrandId!, S.AssigneeId, assigneeId))
            throw Refuse.Forbidden("Assigning conversations to others takes a supervisor; agents may take or drop their own.");
        if (assigneeId is not null)
        {
            var agent = await GrainFactory.GetGrain<Agents.IAgentGrain>(assigneeId).Get() ?? throw Refuse.NotFound("agent", assigneeId);
            if (!agent.Brands.ContainsKey(S.BrandId!)) throw Refuse.Rule("not_a_member", $"{agent.Name} does not work for this brand.");
        }
        S.AssigneeId = assigneeId;
        S.Touch(null, time.GetUtcNow());
        return await CommitRowAsync(new UnitOfWork());
    }

    public async Task<ConversationRow> Update(Caller caller, ConversationChange change)
    {
        EnsureVisible(caller);
        var now = time.GetUtcNow();
        var work = new UnitOfWork();
        if (change.TeamId is { } teamId)
        {
            var brand = await GrainFactory.GetGrain<Brands.IBrandGrain>(S.BrandId!).Get();
            if (brand?.Teams.Any(t => t.Id == teamId) != true) throw Refuse.Invalid("unknown_team", $"This brand has no team {teamId}.", "teamId");
            S.TeamId = teamId;
        }
        if (change.Status is { } status)
        {
            S.ChangeStatus(status, change.SnoozedUntil, now);
            work.Add(S.SnoozedUntil is { } until ? jobs.Schedule(GrainId, SnoozeJob, until) : jobs.Cancel(GrainId, SnoozeJob));
        }
        else if (change.SnoozedUntil is not null)
        {
            throw Refuse.Invalid("bad_snooze", "Give status \"snoozed\" with snoozedUntil.", "snoozedUntil");
        }
        return await CommitRowAsync(work);
    }

    public async Task<ConversationRow> MarkRead(Caller caller)
    {
        EnsureVisible(caller);
        if (S.Unread == 0) return S.Row(Id);
        S.Unread = 0;
        return await CommitRowAsync(new UnitOfWork());
    }

    public Task<ConversationRow?> Get(Caller caller) => Task.FromResult(
        S.Exists && Visibility.CanSeeConversation(caller, S.BrandId!, S.TeamId, S.AssigneeId) ? S.Row(Id) : null);

    public async Task ExecuteJobAsync(DurableJob job, CancellationToken cancellationToken)
    {
        if (job.Name != SnoozeJob || !S.ReleaseSnooze(time.GetUtcNow())) return;
        await CommitRowAsync(new UnitOfWork());
    }

    private async Task<ConversationRow> CommitRowAsync(UnitOfWork work)
    {
        var row = S.Row(Id);
        try
        {
            await state.WriteStateAsync(work.Add(MessageRows.Upsert(row, S.CreatedAt)));
        }
        catch
        {
            await state.ReadStateAsync();
            throw;
        }
        events.Publish(new ConversationUpdated(row.BrandId, row.TeamId, row));
        return row;
    }

    private void Publish(MessageView message)
    {
        var row = S.Row(Id);
        events.Publish(new MessageAdded(row.BrandId, row.TeamId, row.AssigneeId, Id, message));
        events.Publish(new ConversationUpdated(row.BrandId, row.TeamId, row));
    }

    private void EnsureVisible(Caller caller)
    {
        if (!S.Exists || !Visibility.CanSeeConversation(caller, S.BrandId!, S.TeamId, S.AssigneeId)) throw Refuse.NotFound("conversation", Id);
    }

    private sealed class DuplicateInboundException() : Exception("The event was recorded before.");
}
