using Inbox.Silo.Compliance;
using Inbox.Silo.Conversations;
using Inbox.Silo.Numbers;
using Microsoft.Extensions.Logging;

namespace Inbox.Silo.Outbound;

/// <summary>One message's way out: checked again, sent, and its result recorded with its outbox row.</summary>
public sealed partial class OutboxGrain
{
    private async Task<bool> ClearedAsync(NumberView number, OutboxItem item)
    {
        var now = time.GetUtcNow();
        var facts = new SendFacts(item.BrandId, number.Channel, number.Key, item.ContactId, item.To, item.LastInboundAt);
        switch (await SendChecks.DecideAsync(GrainFactory, facts, item.Policy, now))
        {
            case SendDecision.Held held:
                await store.CommitAsync([Outbox.Hold(item.MessageId, held.Until), jobs.Schedule(this.GetGrainId(), DrainJob, held.Until),
                    SendChecks.Record(facts, item.MessageId, "held", "quiet_hours", held.Reason, now)]);
                return false;
            case SendDecision.Refused refused:
                await store.CommitAsync([Outbox.MarkFailed(item.MessageId, refused.Code, refused.Reason), Outbox.Remove(item.MessageId),
                    SendChecks.Record(facts, item.MessageId, "refused", refused.Code, refused.Reason, now)]);
                Publish(item, DeliveryStatus.Failed, refused.Code, refused.Reason);
                return false;
            default:
                return true;
        }
    }

    private async Task<SendResult> SendAsync(NumberView number, OutboxItem item)
    {
        var (sender, missing) = await senders.ForAsync(number.ProviderAccount);
        if (sender is null) return new SendResult.NoSender(missing!);
        try
        {
            return await sender.SendAsync(new OutboundMessage(item.MessageId, item.MessageId, number.Channel, number.ProviderAccount,
                number.Address, item.To, item.Text, item.Media, item.ConversationId, item.Attempts + 1, item.FirstQueuedAt,
                item.Policy.Template, item.Policy.HumanAgent, item.ReplyToProviderMessageId), CancellationToken.None);
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Sending {MessageId} from {Number} failed", item.MessageId, number.Key);
            return new SendResult.Transient(error.Message);
        }
    }

    private async Task RecordAsync(string numberKey, OutboxItem item, SendResult result)
    {
        var now = time.GetUtcNow();
        switch (result)
        {
            case SendResult.Accepted accepted:
                await store.CommitAsync([Outbox.MarkSent(item.MessageId, accepted.ProviderMessageId), Outbox.Remove(item.MessageId)]);
                Publish(item, DeliveryStatus.Sent, null, null);
                await statuses.ApplyPendingAsync(numberKey, accepted.ProviderMessageId);
                break;
            case SendResult.RateLimited:
                break; // the number pauses (see DrainBatchAsync); the message keeps its place in the queue
            case SendResult.RecipientRateLimited limited:
                var until = now + limited.RetryAfter;
                await store.CommitAsync([Outbox.HoldRecipient(numberKey, item.ConversationId, until), jobs.Schedule(this.GetGrainId(), DrainJob, until)]);
                break;
            case SendResult.Transient transient when item.Attempts + 1 < Outbox.MaxAttempts:
                await store.CommitAsync([Outbox.Retry(item.MessageId, now + Outbox.Backoff(item.Attempts + 1))]);
                break;
            default:
                var (code, reason) = Outbox.Failure(result)
                    ?? ("gave_up", $"Not sent after {Outbox.MaxAttempts} attempts: {((SendResult.Transient)result).Reason}");
                await store.CommitAsync([Outbox.MarkFailed(item.MessageId, code, reason), Outbox.Remove(item.MessageId)]);
                Publish(item, DeliveryStatus.Failed, code, reason);
                break;
        }
    }

    /// <summary>The conversation announces it, one-way, so the event carries the conversation's sequence and the drain goes on.</summary>
    private void Publish(OutboxItem item, DeliveryStatus status, string? code, string? reason) =>
        _ = GrainFactory.GetGrain<IConversationGrain>(item.ConversationId).AnnounceDelivery(new DeliveryChange(item.MessageId, status, code, reason));
}
