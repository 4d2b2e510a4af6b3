namespace Inbox.Silo.Inbound;

/// <summary>What an event must carry before it is routed, as a pure rule: a refused event is kept aside, its batch goes on.</summary>
public static class InboundChecks
{
    /// <summary>Why the event cannot be taken as it is; null when it can.</summary>
    public static DomainException? Problem(InboundEvent inbound)
    {
        if (string.IsNullOrWhiteSpace(inbound.DedupeKey))
            return Refuse.Invalid("missing_dedupe_key", "An inbound event needs a dedupe key (the provider's id of the event).");
        if (string.IsNullOrWhiteSpace(inbound.NumberAddress) || string.IsNullOrWhiteSpace(inbound.SenderAddress))
            return Refuse.Invalid("missing_address", "An inbound event needs the number's and the sender's addresses.");
        if (inbound.Kind == InboundKind.Status && (inbound.Status is null || string.IsNullOrWhiteSpace(inbound.ProviderMessageId)))
            return Refuse.Invalid("bad_status", "A status event needs the status and the provider message id.");
        if (inbound.Chat == ChatKind.Group && string.IsNullOrWhiteSpace(inbound.ChatId))
            return Refuse.Invalid("missing_chat_id", "A group event needs the group's chat id: replies go to the group.", "chatId");
        // A message is what it says or shows; an empty one would sit in the thread as a blank bubble
        // and reopen the conversation for nothing.
        if (inbound.Kind == InboundKind.Message && string.IsNullOrWhiteSpace(inbound.Text) && inbound.Media is not { Count: > 0 })
            return Refuse.Invalid("empty_message", "An inbound message needs text or media; this one has neither.");
        return null;
    }
}
