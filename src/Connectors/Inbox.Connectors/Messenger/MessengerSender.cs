using Inbox.Silo.Media;
using Inbox.Silo.Outbound;

namespace Inbox.Connectors.Messenger;

/// <summary>
/// The sender of one Messenger Page: the Page and its token bound to the shared client. Cheap to make for each send,
/// as <see cref="IChannelSenderFactory"/> requires. It also marks a customer's message seen (<c>sender_action: mark_seen</c>),
/// which on Messenger marks the whole thread up to now: the message id is not needed.
/// </summary>
public sealed class MessengerSender(MessengerClient client, string providerAccount, MessengerPage page, IOutboundMedia? uploads) : IChannelSender, IReadMarker
{
    public string ProviderAccount => providerAccount;

    public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        client.SendAsync(page, message, uploads, cancellationToken);

    public Task<SendResult> MarkReadAsync(string from, string to, string providerMessageId, CancellationToken cancellationToken) =>
        from == page.PageId
            ? client.ActionAsync(page, to, "mark_seen", cancellationToken)
            : Task.FromResult<SendResult>(new SendResult.NoSender($"'{from}' is not the Page '{page.PageId}' of this account"));
}
