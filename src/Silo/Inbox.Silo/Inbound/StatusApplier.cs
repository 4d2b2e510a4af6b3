using Inbox.Silo.Conversations;
using Inbox.Silo.Storage;

namespace Inbox.Silo.Inbound;

/// <summary>
/// Applies delivery statuses by provider message id. A status only moves a message forward, so
/// redeliveries and late arrivals change nothing. A status that arrives before its send recorded
/// the provider id is parked; both sides write first and look second, so one of them applies it.
/// The conversation announces what was applied, so the event carries its sequence.
/// </summary>
public sealed class StatusApplier(Rows rows, StateStore store, IGrainFactory grains)
{
    public async Task<InboundOutcome> ApplyAsync(string numberKey, string providerMessageId, DeliveryStatus status, string? code, string? reason, DateTimeOffset at)
    {
        var found = await UpdateAsync(numberKey, providerMessageId, status, code, reason, at);
        if (found) return InboundOutcome.Applied;
        await store.CommitAsync([new SqlWrite(
            """
            INSERT INTO pending_statuses (number_key, provider_message_id, status, error_code, error_reason, at) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT DO NOTHING
            """,
            numberKey, providerMessageId, status.Wire(), SqlValue.Of(code), SqlValue.Of(reason), at.ToUnixTimeMilliseconds())]);
        if (!await UpdateAsync(numberKey, providerMessageId, status, code, reason, at)) return InboundOutcome.Pending;
        await DeletePendingAsync(numberKey, providerMessageId);
        return InboundOutcome.Applied;
    }

    /// <summary>Called once a send has recorded its provider id: applies what was parked for it.</summary>
    public async Task ApplyPendingAsync(string numberKey, string providerMessageId)
    {
        var pending = await rows.QueryAsync(
            "SELECT status, error_code, error_reason, at FROM pending_statuses WHERE number_key = $1 AND provider_message_id = $2",
            [numberKey, providerMessageId], r => (Status: DeliveryStatuses.Parse(r.GetString(0)), Code: r.Text(1), Reason: r.Text(2), At: r.TimeOrEpoch(3)));
        if (pending.Count == 0) return;
        foreach (var (status, code, reason, at) in pending.OrderBy(p => p.Status.Rank()))
            await UpdateAsync(numberKey, providerMessageId, status, code, reason, at);
        await DeletePendingAsync(numberKey, providerMessageId);
    }

    /// <summary>True when the message is known (whether or not this status moved it).</summary>
    private async Task<bool> UpdateAsync(string numberKey, string providerMessageId, DeliveryStatus status, string? code, string? reason, DateTimeOffset at)
    {
        var message = await rows.SingleOrDefaultAsync(
            """
            SELECT m.id, m.conversation_id, m.status FROM messages m
            WHERE m.number_key = $1 AND m.provider_message_id = $2
            """,
            [numberKey, providerMessageId],
            r => new Known(r.GetString(0), r.GetString(1), DeliveryStatuses.Parse(r.GetString(2))));
        if (message is null) return false;
        if (!message.Status.Advances(status)) return true;
        var failed = status == DeliveryStatus.Failed;
        await store.CommitAsync([new SqlWrite(
            """
            UPDATE messages SET status = $2, status_rank = $3, error_code = $4, error_reason = $5,
                delivered_at = CASE WHEN $3 >= $7 THEN COALESCE(delivered_at, $6) ELSE delivered_at END
            WHERE id = $1 AND status_rank < $3
            """,
            message.Id, status.Wire(), (long)status.Rank(), SqlValue.Of(failed ? code : null), SqlValue.Of(failed ? reason ?? "The provider reported a failure." : null),
            at.ToUnixTimeMilliseconds(), (long)DeliveryStatus.Delivered.Rank())]);
        _ = grains.GetGrain<IConversationGrain>(message.ConversationId).AnnounceDelivery(
            new DeliveryChange(message.Id, status, failed ? code : null, failed ? reason : null));
        return true;
    }

    private Task DeletePendingAsync(string numberKey, string providerMessageId) => store.CommitAsync([new SqlWrite(
        "DELETE FROM pending_statuses WHERE number_key = $1 AND provider_message_id = $2", numberKey, providerMessageId)]);

    private sealed record Known(string Id, string ConversationId, DeliveryStatus Status);
}
