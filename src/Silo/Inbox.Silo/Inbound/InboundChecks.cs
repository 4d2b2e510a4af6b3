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
        // A reaction belongs to a message; without its id there is nothing to attach it to, now or later.
        if (inbound.Kind == InboundKind.Reaction && string.IsNullOrWhiteSpace(inbound.ProviderMessageId))
            return Refuse.Invalid("bad_reaction", "A reaction needs the provider message id of the message it reacts to.", "providerMessageId");
        if (inbound.Chat == ChatKind.Group && string.IsNullOrWhiteSpace(inbound.ChatId))
            return Refuse.Invalid("missing_chat_id", "A group event needs the group's chat id: replies go to the group.", "chatId");
        if (inbound.Location is { } place && !OnEarth(place))
            return Refuse.Invalid("bad_location", "A shared location needs a latitude within ±90 and a longitude within ±180.", "location");
        if (inbound.Contacts?.Any(c => c is null || Blank(c)) == true)
            return Refuse.Invalid("bad_contact", "A shared contact card needs a name, a phone or an email.", "contacts");
        // A message is what it says or shows; an empty one would sit in the thread as a blank bubble
        // and reopen the conversation for nothing.
        if (inbound.Kind == InboundKind.Message && string.IsNullOrWhiteSpace(inbound.Text) && inbound.Media is not { Count: > 0 }
            && inbound.Location is null && inbound.Contacts is not { Count: > 0 })
            return Refuse.Invalid("empty_message", "An inbound message needs text, media, a location or a contact card; this one has none.");
        return null;
    }

    private static bool OnEarth(SharedLocation place) => Math.Abs(place.Latitude) <= 90 && Math.Abs(place.Longitude) <= 180;

    private static bool Blank(SharedContact contact) => string.IsNullOrWhiteSpace(contact.Name)
        && contact.Phones?.Any(p => !string.IsNullOrWhiteSpace(p)) != true && contact.Emails?.Any(e => !string.IsNullOrWhiteSpace(e)) != true;
}
