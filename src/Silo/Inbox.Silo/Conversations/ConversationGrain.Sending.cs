using Inbox.Actors;
using Inbox.Silo.Access;
using Inbox.Silo.Channels;
using Inbox.Silo.Events;
using Inbox.Silo.Inbound;
using Inbox.Silo.Numbers;
using Inbox.Silo.Outbound;

namespace Inbox.Silo.Conversations;

public sealed partial class ConversationGrain
{
    // The number's settings, read once per activation: a number's purpose never changes.
    private NumberView? _number;

    public async Task<MessageView> Send(Caller caller, Outgoing outgoing, ConversationTarget? target = null)
    {
        var now = time.GetUtcNow();
        if (!S.Exists)
        {
            if (target is null) throw Refuse.NotFound("conversation", Id);
            S.Start(target, now);
        }
        EnsureVisible(caller);
        var (text, media) = OutgoingRules.Validate(S.Channel, outgoing);
        var number = await GrainFactory.GetGrain<INumberGrain>(S.NumberKey).Get()
            ?? throw Refuse.Conflict("number_unregistered", $"{S.NumberKey} is no longer registered, so this conversation cannot send.");
        if (outgoing.StartsContact && outgoing.Purpose is { } purpose && number.Purpose != purpose)
            throw Refuse.Invalid("purpose_mismatch", $"{number.Key} is a {number.Purpose.Wire()} number; {purpose.Wire()} messages go from a {purpose.Wire()} number.");

        var message = new MessageView(Ids.New("msg"), Id, S.TakeSequence(), Direction.Outbound,
            caller.AgentId is null ? AuthorKind.System : AuthorKind.Agent, caller.AgentId ?? (ReferenceEquals(caller, Caller.System) ? null : caller.Name),
            text, media, outgoing.IsPrivate, outgoing.IsPrivate ? DeliveryStatus.Received : DeliveryStatus.Queued, null, null, null, now);
        S.Touch(outgoing.IsPrivate ? null : InboundMessages.Preview(message), now);

        var work = new UnitOfWork()
            .Add(MessageRows.Insert(message, S.BrandId!, S.NumberKey, dedupeKey: null))
            .Add(MessageRows.Upsert(S.Row(Id), S.CreatedAt));
        if (!outgoing.IsPrivate)
        {
            work.Add(Outbox.Enqueue(message, S.NumberKey));
            work.Add(jobs.Schedule(OutboxGrain.IdFor(S.NumberKey), OutboxGrain.DrainJob, now));
        }
        try
        {
            await state.WriteStateAsync(work);
        }
        catch
        {
            await state.ReadStateAsync();
            throw;
        }
        Publish(message);
        if (!outgoing.IsPrivate) OutboxGrain.Wake(GrainFactory, S.NumberKey);
        return message;
    }

    private async Task AutoReplyAsync(DateTimeOffset now)
    {
        _number ??= await GrainFactory.GetGrain<INumberGrain>(S.NumberKey).Get();
        if (_number is not { Purpose: Purpose.Alerts, AutoReply: { } reply } || !S.ShouldAutoReply(now)) return;
        S.LastAutoReplyAt = now;
        await Send(Caller.System, new Outgoing(reply));
    }

    private async Task<InboundOutcome> EditAsync(InboundEvent inbound)
    {
        if (inbound.ProviderMessageId is not { } providerId || inbound.Text is null) return InboundOutcome.Applied;
        await state.WriteStateAsync(new UnitOfWork().Add(new SqlWrite(
            "UPDATE messages SET body = $3 WHERE number_key = $1 AND provider_message_id = $2 AND direction = 'inbound'",
            S.NumberKey, providerId, inbound.Text)));
        return InboundOutcome.Applied;
    }

    /// <summary>Messenger's read watermark: every message we sent before it, and got out, was read.</summary>
    private async Task<InboundOutcome> ReadUpToAsync(InboundEvent inbound)
    {
        var watermark = inbound.ProviderTimestamp.ToUnixTimeMilliseconds();
        const string where = "conversation_id = $1 AND direction = 'outbound' AND is_private = 0 AND status IN ('sent', 'delivered') AND sent_at <= $2";
        var ids = await rows.QueryAsync($"SELECT id FROM messages WHERE {where}", [Id, watermark], r => r.GetString(0));
        if (ids.Count == 0) return InboundOutcome.Applied;
        await state.WriteStateAsync(new UnitOfWork().Add(new SqlWrite(
            $"UPDATE messages SET status = 'read', status_rank = {DeliveryStatus.Read.Rank()} WHERE {where}", Id, watermark)));
        var row = S.Row(Id);
        foreach (var id in ids)
            events.Publish(new MessageStatusChanged(row.BrandId, row.TeamId, row.AssigneeId, Id, id, DeliveryStatus.Read, null, null));
        return InboundOutcome.Applied;
    }
}
