using Inbox.Silo.Events;
using Inbox.Silo.Inbound;
using Inbox.Silo.Numbers;

namespace Inbox.Silo.Conversations;

/// <summary>
/// A customer's reaction to a message, and the lookup of a message by its provider id that replies and reactions share.
/// </summary>
/// <remarks>
/// A reaction is kept as the event it is (deduped by its key, as a message is) and a message shows each person's latest
/// (<see cref="MessageReactions.Current"/>). It is not the customer writing: no message, no reopening, no unread, no move up
/// the list, no new preview, and the last inbound time stays, so it opens no 24-hour window. WhatsApp's customer service
/// window opens on the customer's messages, and a reaction does come as a message of type reaction, but Meta documents no
/// window for it and Messenger's and Telegram's reactions are not messages at all; taking it as opening one could promise a
/// free-form reply that Meta refuses (131047), while not taking it costs at most a template sent a little early.
/// A reaction to a message not in the thread (webhooks are unordered; the message may be from before the number was ours)
/// is kept all the same, outcome <see cref="InboundOutcome.Pending"/>, and shows once that message is there.
/// </remarks>
public sealed partial class ConversationGrain
{
    private async Task<InboundOutcome> ReactAsync(ConversationTarget target, InboundEvent inbound)
    {
        if (silo.RecentKeys.Contains(Id, inbound.DedupeKey)) return InboundOutcome.Duplicate;
        var now = silo.Clock.GetUtcNow();
        var reacted = inbound.ProviderMessageId!;
        var logged = new MessageReactions.Logged(reacted, target.ContactId, inbound.Reaction ?? "", InboundMessages.PlacedAt(inbound.ProviderTimestamp, now), now);
        var row = MessageRows.Reaction(target.NumberKey, inbound.DedupeKey, Id, logged, () => new DuplicateInboundException());
        var messageId = S.Exists ? await MessageIdOfAsync(reacted) : null;
        try
        {
            if (messageId is null)
            {
                // Nothing to show yet and nothing of the conversation's changes: the row alone, without the state.
                await silo.Store.CommitAsync([row]);
            }
            else
            {
                var reactions = MessageReactions.Current([.. await ReactionsToAsync(reacted), logged]).GetValueOrDefault(reacted) ?? [];
                var list = S.Row(Id);
                Announce(new MessageReactionsChanged(list.BrandId, list.TeamId, list.AssigneeId, Id, messageId, reactions));
                await CommitAndPublishAsync(new UnitOfWork().Add(row));
            }
        }
        catch (DuplicateInboundException)
        {
            silo.RecentKeys.Remember(Id, inbound.DedupeKey);
            return InboundOutcome.Duplicate;
        }
        silo.RecentKeys.Remember(Id, inbound.DedupeKey);
        return messageId is null ? InboundOutcome.Pending : InboundOutcome.Applied;
    }

    /// <summary>Our id of the message in this thread that the provider calls <paramref name="providerMessageId"/>, if it is here.</summary>
    private async Task<string?> MessageIdOfAsync(string providerMessageId) => (await silo.Rows.QueryAsync(
        "SELECT id FROM messages WHERE number_key = $1 AND provider_message_id = $2 AND conversation_id = $3 ORDER BY seq LIMIT 1",
        [S.NumberKey, providerMessageId, Id], r => r.GetString(0))).FirstOrDefault();

    private Task<List<MessageReactions.Logged>> ReactionsToAsync(string providerMessageId) =>
        Queries.ConversationQueries.ReactionsAsync(silo.Rows, Id, [providerMessageId]);
}
