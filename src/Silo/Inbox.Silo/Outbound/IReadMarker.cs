namespace Inbox.Silo.Outbound;

/// <summary>
/// A sender whose channel shows the customer that the brand has read their message (WhatsApp
/// <c>status: read</c>, Messenger <c>sender_action: mark_seen</c>). When an agent reads a conversation,
/// its last inbound message is marked read, best effort: a failure is logged, never retried or shown.
/// </summary>
public interface IReadMarker
{
    /// <param name="from">The brand's address on the channel (phone number id, page id).</param>
    /// <param name="to">The customer's address.</param>
    /// <param name="providerMessageId">The provider's id of the customer's last message.</param>
    Task<SendResult> MarkReadAsync(string from, string to, string providerMessageId, CancellationToken cancellationToken);
}
