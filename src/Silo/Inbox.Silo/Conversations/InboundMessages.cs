using Inbox.Silo.Channels;
using Inbox.Silo.Inbound;

namespace Inbox.Silo.Conversations;

/// <summary>How each kind of inbound event appears in the thread.</summary>
public static class InboundMessages
{
    public static MessageView ToMessage(string conversationId, long sequence, string contactId, InboundEvent inbound) => inbound.Kind switch
    {
        InboundKind.Echo => new(Ids.New("msg"), conversationId, sequence, Direction.Outbound, AuthorKind.System, "provider app",
            inbound.Text, inbound.Media ?? [], false, DeliveryStatus.Sent, null, null, inbound.ProviderMessageId, inbound.ProviderTimestamp),
        InboundKind.Unsubscribe or InboundKind.Block => new(Ids.New("msg"), conversationId, sequence, Direction.Inbound, AuthorKind.System, null,
            inbound.Kind == InboundKind.Block
                ? $"The customer blocked this {inbound.Channel.Wire()} sender."
                : $"The customer unsubscribed on {inbound.Channel.Wire()}.",
            [], false, DeliveryStatus.Received, null, null, inbound.ProviderMessageId, inbound.ProviderTimestamp),
        _ => new(Ids.New("msg"), conversationId, sequence, Direction.Inbound, AuthorKind.Contact, contactId,
            inbound.Kind == InboundKind.Action ? inbound.ActionPayload ?? inbound.Text : inbound.Text,
            inbound.Media ?? [], false, DeliveryStatus.Received, null, null, inbound.ProviderMessageId, inbound.ProviderTimestamp),
    };

    /// <summary>The one line a conversation list shows.</summary>
    public static string? Preview(MessageView message) =>
        message.Text is { Length: > 0 } text ? text
        : message.Media.Count > 0 ? $"[{message.Media[0].Type}]"
        : null;
}
