using Inbox.Silo.Channels;
using Inbox.Silo.Inbound;

namespace Inbox.Silo.Conversations;

/// <summary>How each kind of inbound event appears in the thread.</summary>
public static class InboundMessages
{
    /// <summary>How far ahead of our clock a provider's may run before we stop believing it.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// When the message goes in the thread and counts as the customer's last word: the provider's time,
    /// unless it is more than <see cref="ClockSkew"/> ahead of receipt. A clock years ahead would
    /// otherwise pin the message to the top of the thread and keep a 24-hour window open for years.
    /// </summary>
    public static DateTimeOffset PlacedAt(DateTimeOffset providerTime, DateTimeOffset receivedAt) =>
        providerTime - receivedAt > ClockSkew ? receivedAt : providerTime;

    /// <summary>What the channel reports of the customer (they unsubscribed, they blocked the number): recorded as a <see cref="MessageKind.ChannelEvent"/>.</summary>
    public static bool IsChannelEvent(InboundKind kind) => kind is InboundKind.Unsubscribe or InboundKind.Block;

    /// <summary>
    /// The message an event adds; the provider's own time stays on it as <see cref="MessageView.ProviderTimestamp"/>. What it
    /// shared and the message it answers go with it, except on a channel's event, which is the channel's words, not the customer's.
    /// The reply context names the provider's id only: the grain, which can look, adds ours.
    /// </summary>
    public static MessageView ToMessage(string conversationId, long sequence, string contactId, InboundEvent inbound, DateTimeOffset receivedAt)
    {
        var message = Message(conversationId, sequence, contactId, inbound, PlacedAt(inbound.ProviderTimestamp, receivedAt)) with { ProviderTimestamp = inbound.ProviderTimestamp };
        if (IsChannelEvent(inbound.Kind)) return message;
        return message with
        {
            Location = inbound.Location,
            Contacts = inbound.Contacts is { Count: > 0 } contacts ? contacts : null,
            ReplyTo = string.IsNullOrWhiteSpace(inbound.ReplyToProviderMessageId) ? null : new ReplyContext(inbound.ReplyToProviderMessageId),
        };
    }

    private static MessageView Message(string conversationId, long sequence, string contactId, InboundEvent inbound, DateTimeOffset at) => inbound.Kind switch
    {
        InboundKind.Echo => new(Ids.New("msg"), conversationId, sequence, Direction.Outbound, AuthorKind.System, "provider app",
            inbound.Text, inbound.Media ?? [], false, DeliveryStatus.Sent, null, null, inbound.ProviderMessageId, at),
        InboundKind.Unsubscribe or InboundKind.Block => new(Ids.New("msg"), conversationId, sequence, Direction.Inbound, AuthorKind.System, null,
            inbound.Kind == InboundKind.Block
                ? $"The customer blocked this {inbound.Channel.Wire()} sender."
                : $"The customer unsubscribed on {inbound.Channel.Wire()}.",
            [], false, DeliveryStatus.Received, null, null, inbound.ProviderMessageId, at),
        _ => new(Ids.New("msg"), conversationId, sequence, Direction.Inbound, AuthorKind.Contact, contactId,
            inbound.Kind == InboundKind.Action ? inbound.ActionPayload ?? inbound.Text : inbound.Text,
            inbound.Media ?? [], false, DeliveryStatus.Received, null, null, inbound.ProviderMessageId, at),
    };

    /// <summary>The one line a conversation list shows.</summary>
    public static string? Preview(MessageView message) =>
        message.Text is { Length: > 0 } text ? text
        : message.Media.Count > 0 ? $"[{message.Media[0].Type}]"
        : message.Location is { } place ? $"[location] {place.Name ?? place.Address}".TrimEnd()
        : message.Contacts is [var first, ..] ? $"[contact] {first.Name}".TrimEnd()
        : null;
}
