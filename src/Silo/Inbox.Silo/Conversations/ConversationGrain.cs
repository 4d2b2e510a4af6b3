using Inbox.Silo.Access;
using Inbox.Silo.Compliance;
using Inbox.Silo.Events;
using Inbox.Silo.Inbound;
using Inbox.Silo.Numbers;
using Inbox.Silo.Outbound;
using Inbox.Silo.Storage;

namespace Inbox.Silo.Conversations;

/// <summary>
/// One thread between a dedicated number and one customer identity. Every change commits the
/// state with its message and list rows in one unit of work, then publishes its events.
/// </summary>
[GrainType("Conversation")]
public sealed partial class ConversationGrain(
    [PersistentState("conversation")] IPersistentState<ConversationState> state,
    ConversationServices silo) : Grain, IConversationGrain, IDurableJobHandler
{
    private const string SnoozeJob = "snooze";

    private string Id => this.GetPrimaryKeyString();

    /// <summary>False for an alphanumeric sender id: its keywords and auto-replies would answer something that cannot receive.</summary>
    private bool ContactCanReceive => Contacts.ContactIdentities.CannotReceive(S.Channel, S.ContactAddress) is null;

    private ConversationState S => state.State;

    public async Task<InboundOutcome> Receive(ConversationTarget target, InboundEvent inbound)
    {
        // A reaction is not the customer writing: it adds no message, and on its own it starts no conversation.
        if (inbound.Kind is InboundKind.Reaction) return await ReactAsync(target, inbound);
        var now = silo.Clock.GetUtcNow();
        if (!S.Exists) S.Start(target, now);
        if (silo.RecentKeys.Contains(Id, inbound.DedupeKey)) return InboundOutcome.Duplicate;
        if (inbound.Kind is InboundKind.Edit) return await EditAsync(inbound);
        if (inbound.Kind is InboundKind.ReadUpTo) return await ReadUpToAsync(inbound);

        var channelEvent = InboundMessages.IsChannelEvent(inbound.Kind);
        var fromCustomer = inbound.Kind is not InboundKind.Echo && !channelEvent;
        // In a group, the author is the member who wrote; in a direct chat, the conversation's contact.
        var message = InboundMessages.ToMessage(Id, S.TakeSequence(), S.Chat == ChatKind.Group ? target.ContactId : S.ContactId, inbound, now);
        if (message.ReplyTo is { } replyTo) message = message with { ReplyTo = replyTo with { MessageId = await MessageIdOfAsync(replyTo.ProviderMessageId) } };
        var wasSnoozed = S.Status == ConversationStatus.Snoozed;
        var reopens = fromCustomer && S.Status != ConversationStatus.Open;
        if (fromCustomer) S.OnCustomerMessage(message.SentAt, InboundMessages.Preview(message), now);
        // A channel's event is not the customer writing: it reopens nothing, adds no unread, keeps the window and the list's order.
        else if (!channelEvent) S.Touch(InboundMessages.Preview(message), now);
        S.Heard(message);

        var work = new UnitOfWork()
            .Add(MessageRows.Insert(message, S.BrandId!, S.NumberKey, inbound.DedupeKey, () => new DuplicateInboundException()));
        var reopened = reopens ? Record(work, new ActivityEntry(ActivityAction.Reopened, null, S.ContactName ?? S.ContactAddress),
            $"{S.ContactName ?? S.ContactAddress} wrote again: reopened.", now) : null;
        if (S.Chat == ChatKind.Group) work.Add(MessageRows.Member(Id, target.ContactId, now));
        var replies = inbound.Kind == InboundKind.Message && ContactCanReceive ? await KeywordWorkAsync(inbound, message, now) : [];
        if (channelEvent)
        {
            // The channel itself reports it (an unsubscribe; a block, after which this number may not message them): an opt-out of
            // this number, with no reply.
            await GrainFactory.GetGrain<IConsentGrain>(ConsentKeys.For(S.BrandId!, S.Channel, S.ContactAddress)).ApplyChannelOptOut(
                S.NumberKey, inbound.Kind == InboundKind.Block ? "blocked" : "unsubscribed", inbound.DedupeKey, message.Id, message.SentAt);
        }
        foreach (var reply in replies)
        {
            S.Heard(reply.Message);
            foreach (var row in reply.Rows) work.Add(row);
        }
        work.Add(MessageRows.Upsert(S.Row(Id), S.CreatedAt));
        if (wasSnoozed && fromCustomer) work.Add(silo.Jobs.Cancel(this.GetGrainId(), SnoozeJob));
        Announce(message);
        if (reopened is not null) Announce(reopened);
        foreach (var reply in replies) Announce(reply.Message);
        try
        {
            await state.WriteStateAsync(work);
        }
        catch (DuplicateInboundException)
        {
            // Redelivered after the activation forgot it: the unit was undone (and with it any keyword reply), so reload what is stored.
            await ForgetAsync();
            silo.RecentKeys.Remember(Id, inbound.DedupeKey);
            return InboundOutcome.Duplicate;
        }
        catch
        {
            await ForgetAsync();
            throw;
        }
        silo.RecentKeys.Remember(Id, inbound.DedupeKey);
        PublishAnnounced();
        if (replies.Any(r => !r.Message.IsPrivate)) OutboxGrain.Poke(GrainFactory, S.NumberKey);
        else if (fromCustomer && inbound.Kind == InboundKind.Message && ContactCanReceive) await AutoReplyAsync(now);
        return InboundOutcome.Accepted;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken) => UpgradeStateAsync();

    /// <summary>A state stored before it kept the wait takes it from its list row, where the 0034 migration worked it out from the thread.</summary>
    private async Task UpgradeStateAsync()
    {
        if (S.Format >= ConversationState.CurrentFormat) return;
        if (S.Exists)
        {
            S.WaitingSince = (await silo.Rows.QueryAsync("SELECT waiting_since FROM conversations WHERE id = $1", [Id], r => r.Time(0))).FirstOrDefault();
        }
        S.Format = ConversationState.CurrentFormat;
    }

    public async Task<IReadOnlyList<string>> Members(Caller caller)
    {
        EnsureVisible(caller);
        if (S.Chat != ChatKind.Group) return [S.ContactId];
        return await silo.Rows.QueryAsync("SELECT contact_id FROM conversation_members WHERE conversation_id = $1 ORDER BY first_at, contact_id", [Id], r => r.GetString(0));
    }

    public Task<ConversationRow?> Get(Caller caller) => Task.FromResult(
        S.Exists && Visibility.CanSeeConversation(caller, S.BrandId!, S.TeamId, S.AssigneeId) ? S.Row(Id) : null);

    public async Task ExecuteJobAsync(DurableJob job, CancellationToken cancellationToken)
    {
        var now = silo.Clock.GetUtcNow();
        if (job.Name != SnoozeJob || !S.ReleaseSnooze(now)) return;
        var work = new UnitOfWork();
        await CommitRowAsync(work, Record(work, new ActivityEntry(ActivityAction.Reopened, null, null), "The snooze ended: reopened.", now));
    }

    private void EnsureVisible(Caller caller)
    {
        if (!S.Exists || !Visibility.CanSeeConversation(caller, S.BrandId!, S.TeamId, S.AssigneeId)) throw Refuse.NotFound("conversation", Id);
    }

    private sealed class DuplicateInboundException() : Exception("The event was recorded before.");
}
